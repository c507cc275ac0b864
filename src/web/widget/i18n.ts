/**
 * The widget's own words, English and Simplified Chinese. Not the agents' catalogues
 * (src/web/i18n): the widget is a separate small script a visitor downloads, so it carries only
 * what it shows. test/unit/web/widget-i18n.test.ts holds both to the same keys and placeholders.
 *
 * The language: the script tag's data-lang when it names one, else the visitor's browser.
 */
export const widgetEn = {
  'launcher.open': 'Chat with us',
  'launcher.close': 'Close the chat',
  'panel.title': 'Chat with us',
  'panel.minimize': 'Minimize',
  'panel.start': 'Start chat',
  'panel.intro': 'Ask us anything. We usually answer within minutes.',
  'panel.input': 'Write a message',
  'panel.send': 'Send',
  'panel.emoji': 'Emoji',
  'panel.newChat': 'Start a new chat',
  'state.connecting': 'Connecting…',
  'state.reconnecting': 'Connection lost. Reconnecting…',
  'state.waiting': 'Waiting: position {position}, about {minutes} min',
  'state.waitingNoEstimate': 'Waiting: position {position}',
  'state.connected': 'Connected to {agent}',
  'state.ended': 'The chat has ended. Thank you!',
  'typing.agent': '{agent} is typing…',
  'typing.someone': 'Typing…',
  'message.sending': 'Sending…',
  'message.sent': 'Sent',
  'message.failed': 'Not sent',
  'message.you': 'You',
  'message.agent': 'Agent',
  'error.generic': 'Something went wrong: {reason}',
  'error.closed': 'Nobody can chat right now (outside our opening hours). Please try again later.',
  'error.busy': 'All our agents are busy and the queue is full. Please try again in a few minutes.',
  'error.unavailable': 'Chat is not available on this site right now.',
  'error.tooFast': 'Too many messages at once. Wait a moment, then try again.',
  'error.tooLong': 'That message is too long.',
  'upload.attach': 'Send a file',
  'upload.voice': 'Record a voice message',
  'upload.stopVoice': 'Stop and send the voice message',
  'upload.recording': 'Recording… press ⏹ to send.',
  'upload.noMic': 'The microphone is not available (no permission or no device).',
  'upload.uploading': 'Uploading {name}…',
  'upload.download': 'Download {name} ({size})',
  'error.uploadType': 'This type of file cannot be sent (images, PDF, documents, audio and video only).',
  'error.uploadTooLarge': 'That file is too large.',
  'error.uploadEmpty': 'That file is empty.',
  'leave.offer': 'Leave a message',
  'leave.mine': 'My messages',
  'leave.introNobody': 'Nobody can chat right now. Leave us a message and we will get back to you.',
  'leave.introAsked': 'Leave us a message and we will get back to you.',
  'leave.topic': 'Topic',
  'leave.send': 'Send message',
  'leave.cancel': 'Cancel',
  'leave.back': 'Back',
  'leave.done': 'Thank you, we have your message. Replies show here.',
  'leave.none': 'Messages cannot be left here right now.',
  'tickets.title': 'Your messages',
  'tickets.none': 'You have not left any messages.',
  'status.new': 'Received',
  'status.open': 'In progress',
  'status.pending': 'Waiting for you',
  'status.solved': 'Solved',
  'status.closed': 'Closed',
  'error.fieldRequired': 'Please fill in every field marked *.',
  'error.fieldInvalid': 'Please check the email address or phone number.',
} as const;

export type WidgetKey = keyof typeof widgetEn;
export type WidgetLocale = 'en' | 'zh-CN';

export const widgetZh: Record<WidgetKey, string> = {
  'launcher.open': '在线咨询',
  'launcher.close': '关闭对话',
  'panel.title': '在线咨询',
  'panel.minimize': '最小化',
  'panel.start': '开始对话',
  'panel.intro': '有任何问题都可以问我们，通常几分钟内回复。',
  'panel.input': '输入消息',
  'panel.send': '发送',
  'panel.emoji': '表情',
  'panel.newChat': '开始新的对话',
  'state.connecting': '正在连接…',
  'state.reconnecting': '连接已断开，正在重新连接…',
  'state.waiting': '排队中：第 {position} 位，约 {minutes} 分钟',
  'state.waitingNoEstimate': '排队中：第 {position} 位',
  'state.connected': '已接通客服 {agent}',
  'state.ended': '对话已结束，谢谢！',
  'typing.agent': '{agent} 正在输入…',
  'typing.someone': '对方正在输入…',
  'message.sending': '发送中…',
  'message.sent': '已发送',
  'message.failed': '未发送',
  'message.you': '我',
  'message.agent': '客服',
  'error.generic': '出错了：{reason}',
  'error.closed': '现在是非工作时间，暂时无法咨询，请稍后再试。',
  'error.busy': '客服都在忙，排队已满，请几分钟后再试。',
  'error.unavailable': '本网站暂时无法使用在线咨询。',
  'error.tooFast': '消息发送过快，请稍候再试。',
  'error.tooLong': '消息太长。',
  'upload.attach': '发送文件',
  'upload.voice': '录制语音消息',
  'upload.stopVoice': '停止并发送语音消息',
  'upload.recording': '正在录音… 按 ⏹ 发送。',
  'upload.noMic': '麦克风不可用（未授权或没有设备）。',
  'upload.uploading': '正在上传 {name}…',
  'upload.download': '下载 {name}（{size}）',
  'error.uploadType': '不能发送此类文件（仅限图片、PDF、文档、音频和视频）。',
  'error.uploadTooLarge': '文件太大。',
  'error.uploadEmpty': '文件是空的。',
  'leave.offer': '留言',
  'leave.mine': '我的留言',
  'leave.introNobody': '现在无人接待，请留言，我们会尽快回复您。',
  'leave.introAsked': '请留言，我们会尽快回复您。',
  'leave.topic': '咨询类型',
  'leave.send': '提交留言',
  'leave.cancel': '取消',
  'leave.back': '返回',
  'leave.done': '谢谢，我们已收到您的留言，回复会显示在这里。',
  'leave.none': '暂时无法在此留言。',
  'tickets.title': '我的留言',
  'tickets.none': '您还没有留言。',
  'status.new': '已收到',
  'status.open': '处理中',
  'status.pending': '等待您的回复',
  'status.solved': '已解决',
  'status.closed': '已关闭',
  'error.fieldRequired': '请填写所有带 * 的项目。',
  'error.fieldInvalid': '请检查电子邮件地址或电话号码。',
};

/** The server's codes a visitor can do something about, in the widget's own words. */
export const ERROR_WORDS: Partial<Record<string, WidgetKey>> = {
  QUEUE_CLOSED: 'error.closed',
  QUEUE_FULL: 'error.busy',
  QUEUE_DISABLED: 'error.unavailable',
  CHAT_NO_QUEUE: 'error.unavailable',
  RATE_LIMITED: 'error.tooFast',
  CHAT_MESSAGE_TOO_LARGE: 'error.tooLong',
  ATTACHMENT_TYPE_REFUSED: 'error.uploadType',
  ATTACHMENT_TOO_LARGE: 'error.uploadTooLarge',
  PAYLOAD_TOO_LARGE: 'error.uploadTooLarge',
  ATTACHMENT_EMPTY: 'error.uploadEmpty',
  MESSAGE_FIELD_REQUIRED: 'error.fieldRequired',
  MESSAGE_FIELD_INVALID: 'error.fieldInvalid',
};

/** data-lang wins when it names a language the widget has; otherwise the browser's first choice. */
export function pickLocale(dataLang: string | null | undefined, browserLanguages: readonly string[]): WidgetLocale {
  const wanted = (dataLang ?? '').trim().toLowerCase();
  if (wanted.startsWith('zh')) return 'zh-CN';
  if (wanted.startsWith('en')) return 'en';
  return browserLanguages[0]?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export type Translate = (key: WidgetKey, params?: Record<string, string | number>) => string;

export function translator(locale: WidgetLocale): Translate {
  const words: Record<WidgetKey, string> = locale === 'zh-CN' ? widgetZh : widgetEn;
  return (key, params) => {
    const text = words[key];
    return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : text;
  };
}
