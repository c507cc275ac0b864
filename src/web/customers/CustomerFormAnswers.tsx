/** The forms and surveys a customer's chat visitors answered (issue 21), newest first; hidden when there are none. */
import { useEffect, useState } from 'preact/hooks';
import { formsApi, type ChatFormView } from '../api/forms.js';
import { FormAnswers } from '../chat-forms/FormAnswers.js';
import { t } from '../i18n/i18n.js';
import { reportError } from '../kit/toast-store.js';

export function CustomerFormAnswers({ customerId }: { customerId: string }) {
  const [forms, setForms] = useState<ChatFormView[] | undefined>();
  useEffect(() => {
    let live = true;
    formsApi.ofCustomer(customerId).then((r) => live && setForms(r.forms), (err: unknown) => reportError('forms.loadFailed', err));
    return () => {
      live = false;
    };
  }, [customerId]);
  if (!forms || forms.length === 0) return null;
  return (
    <section class="panel customer-form-answers" aria-labelledby="customer-forms-title">
      <h2 id="customer-forms-title">{t('forms.customerTitle')}</h2>
      <FormAnswers forms={forms} showChat />
    </section>
  );
}
