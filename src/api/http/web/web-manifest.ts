/**
 * The web app manifest that makes the toolbar installable on a phone (/app/manifest.webmanifest).
 * Built per language: a manifest has one name, so the page links `?lang=zh-CN` for a Chinese user
 * (src/web/pwa/manifest-link.ts) and the installed app is named in the language it was installed
 * in. The icons are drawn at build time (src/build/app-icons.js). Pure data, no I/O.
 */

export type ManifestLang = 'en' | 'zh-CN';

/** `?lang=` as sent by the page; anything else is English (the manifest holds no data to protect). */
export function manifestLang(raw: unknown): ManifestLang {
  return raw === 'zh-CN' ? 'zh-CN' : 'en';
}

const NAMES: Record<ManifestLang, { name: string; short_name: string; description: string }> = {
  en: { name: 'Switchboard agent', short_name: 'Switchboard', description: 'Answer chats and calls from the Switchboard agent toolbar.' },
  'zh-CN': { name: 'Switchboard 坐席工作台', short_name: 'Switchboard', description: '在 Switchboard 坐席工作台接待在线咨询和来电。' },
};

export const THEME_COLOUR = '#1d5fbf';

export function webManifest(lang: ManifestLang): Record<string, unknown> {
  return {
    id: '/app/',
    lang,
    dir: 'ltr',
    ...NAMES[lang],
    start_url: '/app/toolbar',
    scope: '/app/',
    display: 'standalone',
    orientation: 'any',
    theme_color: THEME_COLOUR,
    background_color: '#f4f6f8',
    icons: [
      { src: '/app/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/app/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/app/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      { src: '/app/icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
    ],
  };
}
