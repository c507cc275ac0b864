/** The widget's forms and surveys (view.ts WidgetForm) as pure steps the session applies. */
import type { FormFrame } from '../../chat/protocol.js';
import type { FormProblemView, WidgetForm } from './view.js';

/** A form the agent sent, or the same again on a reconnect (answered ones show as done). */
export function formFrameReceived(forms: WidgetForm[], frame: FormFrame): WidgetForm[] {
  const form = { kind: frame.kind, title: frame.title, fields: frame.fields };
  const known = forms.find((f) => f.requestId === frame.requestId);
  if (!known) return [...forms, { requestId: frame.requestId, form, state: frame.answered ? 'done' : 'open' }];
  return forms.map((f) => (f.requestId === frame.requestId && frame.answered ? { ...f, state: 'done' as const } : f));
}

export function formSaved(forms: WidgetForm[], clientId: string): WidgetForm[] {
  return forms.map((f) => (f.clientId === clientId ? { requestId: f.requestId, form: f.form, state: 'done' as const } : f));
}

export function isFormRefusal(forms: WidgetForm[], clientId: string): boolean {
  return forms.some((f) => f.clientId === clientId && f.state === 'sending');
}

/** Answered already (another tab, or twice): the form is over, saying so; anything else reopens it to correct. */
export function formRefused(forms: WidgetForm[], clientId: string, problem: FormProblemView): WidgetForm[] {
  const over = problem.code === 'FORM_ALREADY_ANSWERED' || problem.code === 'SURVEY_ALREADY_ANSWERED';
  return forms.map((f) => (f.clientId === clientId ? { requestId: f.requestId, form: f.form, state: over ? ('done' as const) : ('open' as const), ...(f.answers ? { answers: f.answers } : {}), problem } : f));
}

/** The field a refusal names (`/answers/phone`, `/prechat/answers/phone`). */
export function formProblem(code: string, message: string, where: string | undefined): FormProblemView {
  const m = where ? /\/answers\/([^/]+)$/.exec(where) : null;
  return { code, message, ...(m?.[1] ? { field: m[1] } : {}) };
}
