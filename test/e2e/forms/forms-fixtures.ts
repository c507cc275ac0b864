/** Form and survey definitions the forms tests share (English and Chinese labels). */
import type { FormDefinition } from '../../../src/forms/form-rules.js';

export const CONTACT_FORM: FormDefinition = {
  kind: 'form',
  title: { en: 'Your details', zh: '您的信息' },
  fields: [
    { name: 'full_name', kind: 'text', label: { en: 'Name', zh: '姓名' }, required: true, maxLength: 50, identity: 'name' },
    { name: 'phone', kind: 'phone', label: { en: 'Phone', zh: '电话' }, required: true, identity: 'phone' },
    { name: 'email', kind: 'email', label: { en: 'Email', zh: '邮箱' }, required: false, identity: 'email' },
    { name: 'bikes', kind: 'number', label: { en: 'Bikes owned', zh: '拥有自行车数量' }, required: false, min: 0, max: 20 },
    { name: 'bought_on', kind: 'date', label: { en: 'Bought on', zh: '购买日期' }, required: false },
    {
      name: 'topic',
      kind: 'choice',
      label: { en: 'Topic', zh: '咨询类型' },
      required: true,
      options: [
        { value: 'repair', label: { en: 'Repair', zh: '维修' } },
        { value: 'refund', label: { en: 'Refund', zh: '退款' } },
      ],
    },
  ],
};

export const SATISFACTION_SURVEY: FormDefinition = {
  kind: 'survey',
  title: { en: 'How did we do?', zh: '服务评价' },
  fields: [
    { name: 'score', kind: 'scale', label: { en: 'Overall', zh: '总体满意度' }, required: true, min: 1, max: 5 },
    { name: 'recommend', kind: 'scale', label: { en: 'Would you recommend us?', zh: '您会推荐我们吗？' }, required: false, min: 0, max: 10 },
    { name: 'comment', kind: 'text', label: { en: 'Comment', zh: '意见' }, required: false, maxLength: 500 },
  ],
};

export const PRECHAT_FORM: FormDefinition = {
  kind: 'form',
  title: { en: 'Before we start', zh: '开始咨询前' },
  fields: [
    { name: 'name', kind: 'text', label: { en: 'Your name', zh: '您的称呼' }, required: true, identity: 'name' },
    { name: 'email', kind: 'email', label: { en: 'Email', zh: '邮箱' }, required: true, identity: 'email' },
  ],
};
