import { useId } from 'preact/hooks';
import { LOCALES, locale, setLocale, t, type Locale } from '../i18n/i18n.js';
import { Icon } from './Icon.js';

/** The language choice, remembered on this browser. Each language is named in its own language. */
export function LanguagePicker() {
  const id = useId();
  return (
    <div class="language-picker">
      <label for={id} class="visually-hidden">
        {t('common.language')}
      </label>
      <Icon name="globe" size={16} />
      <select id={id} value={locale.value} onChange={(e) => setLocale((e.currentTarget as HTMLSelectElement).value as Locale)}>
        {LOCALES.map((l) => (
          <option key={l.id} value={l.id} lang={l.id}>
            {l.name}
          </option>
        ))}
      </select>
    </div>
  );
}
