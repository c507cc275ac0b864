/** A visitor's name as the pages show it (a plain module: the stores use it without the components). */
import { t } from '../i18n/i18n.js';

/** A visitor who gave no name is "Visitor" (translated). */
export function visitorLabel(name: string): string {
  return name.trim() === '' ? t('chat.visitor') : name;
}
