/** The typed client of forms and surveys in chat (src/api/http/forms): the admin page, the workspace, the customer page. */
import type { FromSchema } from './schema-type.js';
import type { chatFormSchema, definitionSchema, formSchema } from '../../api/http/forms/form-schemas.js';
import { request } from './http.js';

export type ChatFormView = FromSchema<typeof chatFormSchema>;
export type FormView = FromSchema<typeof formSchema>;
export type FormDefinitionView = FromSchema<typeof definitionSchema>;
export type FormFieldView = FormDefinitionView['fields'][number];

const enc = encodeURIComponent;

export const formsApi = {
  list: (archived = false) => request<{ forms: FormView[] }>('GET', `/api/forms${archived ? '?archived=true' : ''}`),
  create: (input: { name: string; definition: FormDefinitionView }) => request<FormView>('POST', '/api/forms', input),
  /** A new version; answers keep the one they answered. */
  update: (id: string, input: { name: string; definition: FormDefinitionView }) => request<FormView>('PUT', `/api/forms/${enc(id)}`, input),
  archive: (id: string, archived: boolean) => request<FormView>('PUT', `/api/forms/${enc(id)}/archived`, { archived }),
  prechat: () => request<{ channels: Record<string, string> }>('GET', '/api/forms-prechat'),
  setPrechat: (channel: string, formId: string | null) => request<{ channels: Record<string, string> }>('PUT', `/api/forms-prechat/${enc(channel)}`, { formId }),
  ofChat: (chatId: string) => request<{ forms: ChatFormView[] }>('GET', `/api/chats/${enc(chatId)}/forms`),
  send: (chatId: string, formId: string, toChatTicket: boolean) => request<ChatFormView>('POST', `/api/chats/${enc(chatId)}/forms`, { formId, ...(toChatTicket ? { toChatTicket: true } : {}) }),
  ofCustomer: (customerId: string) => request<{ forms: ChatFormView[] }>('GET', `/api/customers/${enc(customerId)}/form-answers`),
};
