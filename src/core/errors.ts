/**
 * One catalogue of coded errors (after fastify's lib/errors.js). Every error that can reach a
 * user, an API client or a log carries a stable code; HTTP adapters turn it into
 * `{ code, message, details }` with the status below. Domain code throws `AppError`, never bare Error,
 * for anything a caller is expected to handle.
 */
export const ERROR_CATALOGUE = {
  // generic / API
  VALIDATION_FAILED: { status: 400, message: 'The request is not valid' },
  BAD_JSON: { status: 400, message: 'The body is not valid JSON' },
  /** A range whose start lies after its end (time, duration); details name the two fields. */
  INVALID_RANGE: { status: 400, message: 'The range ends before it starts' },
  /** A Range header outside a recording's bytes (answered with a Content-Range giving the size). */
  RANGE_NOT_SATISFIABLE: { status: 416, message: 'The range is not within the file' },
  /** A recording whose file was deleted (by its queue's retention or by hand): the row says when. */
  RECORDING_PURGED: { status: 410, message: 'The recording was deleted' },
  /** A recording still being recorded: its file cannot be deleted until it stops. */
  RECORDING_IN_PROGRESS: { status: 409, message: 'The recording has not stopped yet' },
  /** A recording's file that is not a PCM WAV we can read (A-law, GSM, float, a torn header): details give the reason. It may still play. */
  RECORDING_UNREADABLE: { status: 422, message: "The recording's file cannot be read as PCM WAV" },
  /** A stored file name that is not a plain name inside the recordings folder: nothing is touched. */
  RECORDING_NAME_REFUSED: { status: 409, message: 'The recording names a file outside the recordings folder' },
  /** More rows match an export than one request may take; details give the cap: narrow the filters. */
  EXPORT_TOO_LARGE: { status: 400, message: 'Too many rows for one export: narrow the filters' },
  UNAUTHENTICATED: { status: 401, message: 'Authentication is required' },
  INVALID_CREDENTIALS: { status: 401, message: 'Unknown user or wrong password' },
  SESSION_EXPIRED: { status: 401, message: 'The session has expired' },
  FORBIDDEN: { status: 403, message: 'You do not have the permission for this' },
  /** Holding agent.self is not enough for the toolbar: the user must be linked to an agent. */
  NOT_AN_AGENT: { status: 403, message: 'Your user is not set up as an agent' },
  NOT_FOUND: { status: 404, message: 'Not found' },
  CONFLICT: { status: 409, message: 'The change conflicts with what is stored' },
  /** Deleting or disabling configuration an IVR flow or a waiting contact still uses; details list them. */
  CONFIG_IN_USE: { status: 409, message: 'The configuration is in use' },
  ACCOUNT_LOCKED: { status: 423, message: 'The account is locked after repeated failed logins' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The body is too large' },
  RATE_LIMITED: { status: 429, message: 'Too many requests' },
  /** The login hash queue is full (a login rush): retry after the Retry-After header. */
  LOGIN_BUSY: { status: 503, message: 'Too many logins at once; retry shortly' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Unsupported content type: send application/json' },
  INTERNAL: { status: 500, message: 'Internal error' },
  /** The daemon's start gave up waiting for PostgreSQL (SWITCHBOARD_DATABASE_WAIT_SECONDS); details name host:port. */
  DATABASE_UNREACHABLE: { status: 503, message: 'The database does not answer' },
  /** This daemon is the standby (SWITCHBOARD_STANDBY): the active one serves; retry (a proxy in front routes to it). */
  STANDBY: { status: 503, message: 'This daemon is the standby; the active daemon serves' },
  /** dist/web is missing (a checkout where `npm run build` never ran): the API still works. */
  WEB_APP_NOT_BUILT: { status: 503, message: 'The web app is not built: run npm run build' },
  // configuration
  CONFIG_INVALID: { status: 500, message: 'The configuration is not valid' },
  // domain state machines
  INVALID_TRANSITION: { status: 409, message: 'That change is not allowed in the current state' },
  CAPACITY_EXCEEDED: { status: 409, message: 'The agent has no free capacity for that media' },
  OFFER_NOT_FOUND: { status: 404, message: 'No such offer is open' },
  CONTACT_NOT_WAITING: { status: 409, message: 'The contact is no longer waiting' },
  CONTACT_IS_CHAT: { status: 409, message: 'This contact is a chat: move it with the chat force-transfer, which carries its conversation' },
  QUEUE_FULL: { status: 409, message: 'The queue is full' },
  QUEUE_CLOSED: { status: 409, message: 'The queue is closed' },
  QUEUE_DISABLED: { status: 409, message: 'The queue is disabled: it serves the contacts already waiting and takes no new ones' },
  /** Listen, whisper or barge on an agent another supervisor already monitors: one monitor per agent. */
  ALREADY_MONITORED: { status: 409, message: 'The agent is already being monitored' },
  // chat (visitor widget socket and the agent's chat routes)
  /** A widget frame whose `type` the protocol does not know (src/chat/protocol.ts). */
  CHAT_UNKNOWN_MESSAGE: { status: 400, message: 'Unknown chat message type' },
  /** A text over the protocol's limit, or a frame over its byte limit. */
  CHAT_MESSAGE_TOO_LARGE: { status: 413, message: 'The chat message is too large' },
  /** A frame other than hello before hello. */
  CHAT_HELLO_REQUIRED: { status: 409, message: 'Send hello first' },
  /** A message, typing or end before the visitor started a chat. */
  CHAT_NOT_STARTED: { status: 409, message: 'No chat is open: send start first' },
  /** Anything that would change a chat that has ended. */
  CHAT_CLOSED: { status: 409, message: 'The chat has ended' },
  /** An unknown, malformed or revoked visitor token. */
  CHAT_TOKEN_INVALID: { status: 401, message: 'The visitor token is not valid' },
  /** A visitor token used for a chat that belongs to another visitor. */
  CHAT_TOKEN_NOT_FOR_CHAT: { status: 403, message: 'The visitor token does not cover that chat' },
  CHAT_NOT_FOUND: { status: 404, message: 'No such chat' },
  /** No visit of that widget visitor is known (GET /api/visitors/:visitorId). */
  VISITOR_NOT_FOUND: { status: 404, message: 'No such visitor' },
  /** An invitation to a visitor who is no longer on the site. */
  VISITOR_GONE: { status: 409, message: 'The visitor has left the site' },
  /** An invitation to a visitor who already has a waiting or active chat. */
  VISITOR_CHATTING: { status: 409, message: 'The visitor is already chatting' },
  /** The visitor already has an open invitation. */
  VISITOR_INVITED: { status: 409, message: 'The visitor already has an invitation' },
  /** The visitor answered an invitation that expired, was withdrawn or was never theirs. */
  INVITATION_EXPIRED: { status: 410, message: 'The invitation has expired' },
  /** An invitation rule's page pattern that is not a plain address glob (`*` the only wildcard, a few at most). */
  INVITATION_RULE_PATTERN_INVALID: { status: 400, message: 'The page pattern is not a valid address pattern' },
  /** An invitation rule whose queue does not exist or takes no chats. */
  INVITATION_RULE_QUEUE_UNKNOWN: { status: 400, message: 'The queue does not exist or takes no chats' },
  /** Another invitation rule has that name (names are compared without case). */
  INVITATION_RULE_NAME_TAKEN: { status: 409, message: 'Another invitation rule has that name' },
  INVITATION_RULE_NOT_FOUND: { status: 404, message: 'No such invitation rule' },
  /** A survey for a chat that was not ended as solved (or not yet ended). */
  CHAT_SURVEY_NOT_OFFERED: { status: 409, message: 'This chat has no survey to answer' },
  /** A second, different answer to a chat's survey: the first one stands. */
  CHAT_SURVEY_ANSWERED: { status: 409, message: 'The survey of this chat was answered already' },
  /** An agent acting on a chat that is assigned to someone else. */
  CHAT_NOT_YOURS: { status: 403, message: 'The chat is not assigned to you' },
  /** Picking a chat that is no longer waiting. */
  CHAT_NOT_WAITING: { status: 409, message: 'The chat is no longer waiting' },
  // chat supervision (src/chat/chat-supervision.ts)
  /** Monitoring, whispering to or taking over a chat outside the teams a team lead leads. */
  CHAT_OUTSIDE_TEAMS: { status: 403, message: 'The chat is not one of your teams' },
  /** A whisper to a chat the supervisor is not monitoring (monitor it first). */
  CHAT_NOT_MONITORED: { status: 409, message: 'You are not monitoring this chat' },
  /** A whisper or take-over of a chat that has no agent yet (still waiting). */
  CHAT_NOT_ACTIVE: { status: 409, message: 'The chat has no agent yet' },
  /** A supervisor's hand-over of a chat the bot does not have (it waits, is served, or was handed over meanwhile). */
  CHAT_NOT_WITH_BOT: { status: 409, message: 'The chat is not with the bot' },
  /** A take-over of a chat someone else took over first (or that changed hands meanwhile). */
  CHAT_ALREADY_TAKEN: { status: 409, message: 'Someone else has already taken this chat over' },
  /** A take-over of a chat one already handles. */
  CHAT_ALREADY_YOURS: { status: 409, message: 'You already handle this chat' },
  /** Taking a colleague's chat over when no silence alert is open for it (answered, ended, or never alerted). */
  CHAT_NO_SILENCE_ALERT: { status: 409, message: 'No silence alert is open for this chat' },
  /** Taking a silent colleague's chat over from outside the alerted group (the queue's agents, the agent's teams). */
  CHAT_NOT_IN_GROUP: { status: 403, message: 'The chat is not in your group' },
  /** Chat is not configured: no chat queue named and no default chat queue. */
  CHAT_NO_QUEUE: { status: 409, message: 'No chat queue is available' },
  // remote assistance: screen shares (src/chat/assist/share-service.ts)
  /** A share offered to a chat that is not being served (waiting, with the bot, or ended). */
  ASSIST_CHAT_NOT_ACTIVE: { status: 409, message: 'A screen share or video call needs a chat an agent is serving' },
  /** A second session (screen share or video call) while one of the chat is invited, accepted or live. */
  ASSIST_SHARE_BUSY: { status: 409, message: 'A screen share or video call of this chat is already under way' },
  /** Signalling or answering a share of a chat the visitor token does not cover. */
  ASSIST_WRONG_CHAT: { status: 403, message: 'The visitor token does not cover that screen share or video call' },
  ASSIST_SHARE_NOT_FOUND: { status: 404, message: 'No such screen share or video call' },
  /** An answer, signal or end for a share that was declined or has ended. */
  ASSIST_SHARE_OVER: { status: 409, message: 'The screen share or video call is over' },
  /** A step out of order (an offer before the visitor consented). */
  ASSIST_SHARE_STATE: { status: 409, message: 'The screen share or video call is not at that step' },
  /** Signalling for a share by a user who is not one of its viewers. */
  ASSIST_NOT_A_VIEWER: { status: 403, message: 'You are not a viewer of that screen share or video call' },
  /** A supervisor asking to watch a video call: only screen shares can be watched. */
  ASSIST_NOT_WATCHABLE: { status: 409, message: 'A video call cannot be watched; only screen shares can' },
  /** A recording sent for a share whose visitor was not told it is recorded (the switch was off at invite time). */
  ASSIST_NOT_RECORDED: { status: 409, message: 'This screen share or video call is not recorded' },
  /** A recording sent by anyone but the agent who asked for the share. */
  ASSIST_RECORDING_NOT_YOURS: { status: 403, message: 'Only the agent who asked for the share sends its recording' },
  /** A second recording of one share. */
  ASSIST_RECORDING_EXISTS: { status: 409, message: 'The recording of this share was already received' },
  /** A recorded share whose recording never arrived (the agent's page closed during it). */
  ASSIST_RECORDING_NOT_FOUND: { status: 404, message: 'No recording was received for this share' },
  // chat transfers and multi-party chats (src/chat/chat-transfer-service.ts)
  /** Ending, transferring or inviting into a chat by a colleague invited into it: only its owner may. */
  CHAT_NOT_OWNER: { status: 403, message: 'Only the agent who owns the chat may do that' },
  /** A transfer (or invitation) naming the agent who already owns the chat. */
  CHAT_TRANSFER_TO_SELF: { status: 400, message: 'The chat is already yours' },
  /** The named agent is logged out (or unknown to the routing engine); details.where names the field. */
  CHAT_AGENT_UNAVAILABLE: { status: 409, message: 'That agent is not logged in' },
  /** The named agent has no free chat slot (pending transfers to them count). */
  CHAT_AGENT_NO_CAPACITY: { status: 409, message: 'That agent has no free chat slot' },
  /** A transfer to a queue that does not exist or is not a chat queue (or is disabled). */
  CHAT_QUEUE_UNKNOWN: { status: 400, message: 'No such chat queue' },
  /** A second transfer while one is waiting for its answer. */
  CHAT_TRANSFER_PENDING: { status: 409, message: 'A transfer of this chat is already waiting for an answer' },
  /** Answering or cancelling a transfer that is no longer pending (answered, expired, cancelled). */
  CHAT_TRANSFER_NOT_PENDING: { status: 409, message: 'The transfer is no longer pending' },
  CHAT_TRANSFER_NOT_FOUND: { status: 404, message: 'No such transfer' },
  /** Inviting a colleague who is already in the chat. */
  CHAT_COLLEAGUE_ALREADY_IN: { status: 409, message: 'That colleague is already in the chat' },
  /** Removing (or leaving as) a colleague who is not in the chat. */
  CHAT_COLLEAGUE_NOT_IN: { status: 409, message: 'That agent is not a colleague in the chat' },
  /** A chat holds at most 3 invited colleagues besides its owner. */
  CHAT_COLLEAGUES_FULL: { status: 409, message: 'The chat already has the most colleagues it may have' },
  // attachments (src/attachments: chat uploads and ticket attachments)
  /** An upload's kind that is not image, file, video or voice. */
  ATTACHMENT_KIND_UNKNOWN: { status: 400, message: 'Unknown attachment kind' },
  ATTACHMENT_EMPTY: { status: 400, message: 'The upload is empty' },
  /** Over its kind's size limit (details: kind, maxBytes). */
  ATTACHMENT_TOO_LARGE: { status: 413, message: 'The upload is too large' },
  /** Content (read from the bytes, not the name) outside its kind's allow-list: disguised, active (SVG, HTML) or unknown. */
  ATTACHMENT_TYPE_REFUSED: { status: 415, message: 'This type of content is not accepted' },
  ATTACHMENT_NOT_FOUND: { status: 404, message: 'No such attachment' },
  // tickets (src/tickets)
  /** A state change the ticket's machine does not allow from where it is (src/tickets/ticket-state.ts). */
  TICKET_TRANSITION: { status: 409, message: 'The ticket cannot move to that state from its current one' },
  /** A reply or change to a deleted ticket: it is kept for audit only. */
  TICKET_DELETED: { status: 409, message: 'The ticket is deleted' },
  /** A reply or field change on a closed ticket. */
  TICKET_CLOSED: { status: 409, message: 'The ticket is closed' },
  /** Closing a ticket without the tickets.close permission. */
  TICKET_CLOSE_FORBIDDEN: { status: 403, message: 'You do not have the permission to close tickets' },
  TICKET_NOT_FOUND: { status: 404, message: 'No such ticket' },
  // leave-a-message templates and the messages left with them (src/tickets/leave-message*.ts)
  /** A template field whose kind is not text, email, phone or long_text; details.where names it. */
  TEMPLATE_FIELD_KIND_UNKNOWN: { status: 400, message: 'The template field kind is unknown' },
  /** Two fields of one template with the same name; details.where names the second. */
  TEMPLATE_FIELD_DUPLICATE: { status: 400, message: 'Two template fields have the same name' },
  TEMPLATE_NO_FIELDS: { status: 400, message: 'A template needs at least one field' },
  /** Another template already serves that channel and business line. */
  TEMPLATE_LINE_TAKEN: { status: 409, message: 'The channel already has a template for that business line' },
  TEMPLATE_NOT_FOUND: { status: 404, message: 'No such leave-a-message template' },
  /** A canned reply that does not exist, or that the caller may not use (not theirs, not their team's). */
  CANNED_REPLY_NOT_FOUND: { status: 404, message: 'No such canned reply' },
  /** Another canned reply of the same owner (the agent, or the team) has that shortcut; details.where is /shortcut. */
  CANNED_SHORTCUT_TAKEN: { status: 409, message: 'That shortcut is already used by another reply of the same owner' },
  /** A chat holds at most 20 tags. */
  CHAT_TAGS_TOO_MANY: { status: 400, message: 'A chat holds at most 20 tags' },
  /** A left message naming a field its template does not have; details.field names it. */
  MESSAGE_FIELD_UNKNOWN: { status: 400, message: 'The template has no such field' },
  MESSAGE_FIELD_REQUIRED: { status: 400, message: 'A required field is empty' },
  /** An email or phone field whose value is not one. */
  MESSAGE_FIELD_INVALID: { status: 400, message: 'The field value is not valid for its kind' },
  // forms and surveys in chat (src/forms, issue 21)
  FORM_NOT_FOUND: { status: 404, message: 'No such form or survey' },
  /** A definition the widget could not render or a visitor could not answer; details.problems name where. */
  FORM_INVALID: { status: 400, message: 'The form definition is not valid' },
  /** A form put to another chat, or none by that id (the same answer: nothing is learnt). */
  FORM_REQUEST_NOT_FOUND: { status: 404, message: 'No such form in this chat' },
  FORM_FIELD_REQUIRED: { status: 400, message: 'A required field is empty' },
  /** A value of the wrong type or outside the field's rules (range, length, options, format). */
  FORM_FIELD_INVALID: { status: 400, message: 'The answer is not valid for its field' },
  FORM_FIELD_UNKNOWN: { status: 400, message: 'The form has no such field' },
  FORM_ALREADY_ANSWERED: { status: 409, message: 'This form was answered already' },
  SURVEY_ALREADY_ANSWERED: { status: 409, message: 'This survey was answered already' },
  /** Sending a form with its answers for the chat's ticket, when the chat has none (yet) the sender sees. */
  FORM_CHAT_NO_TICKET: { status: 409, message: 'The chat has no ticket to add the answers to: make or link one first' },
  /** A form or survey sent into a chat whose visitor has no widget to fill it in (a messaging platform's user). */
  FORM_CHANNEL_UNSUPPORTED: { status: 409, message: 'This chat comes from a messaging platform, which cannot show forms or surveys' },
  /** The channel asks a pre-chat form and the start did not carry its answers. */
  FORM_PRECHAT_REQUIRED: { status: 409, message: 'Fill in the form before the chat starts' },
  // knowledge base (src/kb)
  KB_CATEGORY_NOT_FOUND: { status: 404, message: 'No such knowledge-base category' },
  /** Placing a category under itself or one of its own subcategories. */
  KB_CATEGORY_CYCLE: { status: 409, message: 'A category cannot be placed under itself or its own subcategories' },
  KB_CATEGORY_TOO_DEEP: { status: 409, message: 'Categories nest too deep' },
  /** Deleting a category that still holds subcategories or articles. */
  KB_CATEGORY_IN_USE: { status: 409, message: 'The category still holds subcategories or articles' },
  KB_ARTICLE_NOT_FOUND: { status: 404, message: 'No such article' },
  /** Publishing a version the article does not have. */
  KB_VERSION_NOT_FOUND: { status: 404, message: 'The article has no such version' },
  // quality scoring (src/qa)
  /** A scorecard whose weighted items do not add up to 100; details give the sum. */
  QA_WEIGHTS: { status: 400, message: 'The scorecard weights do not add up to 100' },
  QA_SCORECARD_NOT_FOUND: { status: 404, message: 'No such scorecard' },
  QA_SCORECARD_ARCHIVED: { status: 409, message: 'The scorecard is archived' },
  /** A call or chat with no agent, or outside the evaluator's teams (not told apart). */
  QA_CONTACT_NOT_FOUND: { status: 404, message: 'No such handled call or chat' },
  QA_ASSIGNMENT_NOT_FOUND: { status: 404, message: 'No such open assignment' },
  QA_NOT_EVALUATOR: { status: 400, message: 'That user does not evaluate quality (no qa.evaluate)' },
  QA_OWN_CONTACT: { status: 409, message: 'You cannot evaluate a contact you handled yourself' },
  QA_EVALUATION_NOT_FOUND: { status: 404, message: 'No such evaluation' },
  /** Submitting a submitted evaluation, disputing one already accepted, ...: details name both. */
  QA_TRANSITION: { status: 409, message: 'The evaluation cannot do that in its current state' },
  /** The evaluator or the agent trying to resolve a dispute: a second reviewer must. */
  QA_SECOND_REVIEWER: { status: 409, message: 'A dispute is resolved by a reviewer other than the evaluator and the agent' },
  /** Bot settings or word lists that break a rule; details.problems name each field (/mode, /sentiment/3/weight, ...). */
  BOT_SETTINGS_INVALID: { status: 400, message: 'The bot settings are not valid' },
  BOT_CHANNEL_UNKNOWN: { status: 404, message: 'No such chat channel' },
  /** A messaging webhook (docs/messaging-webhook.md) for a connector id nobody configured. */
  MESSAGING_CONNECTOR_UNKNOWN: { status: 404, message: 'No such messaging connector' },
  /** The connector is switched off by an admin: nothing is stored. */
  MESSAGING_CONNECTOR_DISABLED: { status: 403, message: 'The messaging connector is disabled' },
  /** The signature does not match the raw body with the connector's secret, or the timestamp is outside the replay window. */
  MESSAGING_SIGNATURE_INVALID: { status: 401, message: 'The signature or its timestamp is not valid' },
  /** Files, images and voice from a messaging platform are not taken yet: send text. */
  MESSAGING_ATTACHMENTS_UNSUPPORTED: { status: 400, message: 'Attachments are not supported on the messaging webhook yet; send text' },
  // media servers
  /** A customer's `custom` names a field no admin defined; details.problems name it. */
  CUSTOMER_FIELD_UNKNOWN: { status: 400, message: 'No such custom field' },
  /** A custom field's value does not fit its type (or its choices); details.problems name it. */
  CUSTOMER_FIELD_INVALID: { status: 400, message: 'The value does not fit the custom field' },
  /** A phone number, e-mail, chat or messaging id already belongs to another customer (details.customerId). */
  CUSTOMER_IDENTITY_TAKEN: { status: 409, message: 'That identity belongs to another customer' },
  CUSTOMER_MERGE_SELF: { status: 400, message: 'A customer cannot be merged into itself' },
  CUSTOMER_MERGE_NOT_FOUND: { status: 404, message: 'No such customer merge' },
  /** Undoing a merge already undone, or one whose kept customer changed since (restoring would lose that). */
  CUSTOMER_MERGE_NOT_UNDOABLE: { status: 409, message: 'The merge cannot be undone' },
  PBX_UNAVAILABLE: { status: 503, message: 'The media server is not connected' },
  PBX_REJECTED: { status: 502, message: 'The media server rejected the request' },
  PBX_PROTOCOL: { status: 502, message: 'The media server sent something we could not parse' },
  CHANNEL_GONE: { status: 410, message: 'The call leg no longer exists' },
  BRIDGE_GONE: { status: 410, message: 'The bridge no longer exists' },
  PBX_TIMEOUT: { status: 504, message: 'The media server did not answer in time' },
  // browser softphone (GET /api/agent/softphone)
  /** The user has no phone at all: no own phone and no agent record. */
  NO_PHONE: { status: 404, message: 'You have no phone set up' },
  /** The user's phone is a desk phone or chosen at login: there are no browser credentials to give. */
  PHONE_NOT_BROWSER: { status: 409, message: 'Your phone is not the browser softphone' },
  /** The daemon has no SWITCHBOARD_WEBRTC_* settings: no browser can register anywhere. */
  SOFTPHONE_NOT_CONFIGURED: { status: 503, message: 'Browser softphones are not configured on this server' },
  // IVR
  IVR_FLOW_INVALID: { status: 422, message: 'The IVR flow is not valid' },
  IVR_FLOW_NOT_FOUND: { status: 404, message: 'No such IVR flow' },
  /** A flow file that is a link or not a plain file: never followed, read or written through. */
  IVR_FLOW_FILE_REFUSED: { status: 422, message: 'The IVR flow file is a link or not a plain file' },
  TTS_FAILED: { status: 500, message: 'Text to speech failed' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, details?: unknown, options?: { cause?: unknown }) {
    super(message ?? ERROR_CATALOGUE[code].message, options);
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CATALOGUE[code].status;
    this.details = details;
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isAppError(err: unknown, code?: ErrorCode): err is AppError {
  return err instanceof AppError && (code === undefined || err.code === code);
}

/** Field-level detail for VALIDATION_FAILED and friends: where the problem is and why. */
export interface FieldProblem {
  /** JSON pointer into the input (`/queues/0/wrapUpSeconds`), or a file position `flow.yaml:12:5`. */
  where: string;
  reason: string;
}

export function validationError(problems: FieldProblem[], message?: string): AppError {
  const first = problems[0];
  return new AppError(
    'VALIDATION_FAILED',
    message ?? (first ? `${first.where}: ${first.reason}` : ERROR_CATALOGUE.VALIDATION_FAILED.message),
    { problems },
  );
}
