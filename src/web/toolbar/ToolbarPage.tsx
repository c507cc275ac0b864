import { Frame } from '../app/Frame.js';
import type { Principal } from '../api/types.js';
import { t } from '../i18n/i18n.js';

export function ToolbarPage({ principal }: { principal: Principal }) {
  return (
    <Frame title={t('toolbar.title')} principal={principal}>
      <p>{t('common.loading')}</p>
    </Frame>
  );
}
