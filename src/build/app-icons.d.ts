/** Types of app-icons.js (plain JS so that the build runs before anything is compiled). */
export const THEME_COLOUR: string;
export function drawIcon(size: number, kind: 'rounded' | 'full' | 'badge'): Uint8Array;
export function encodePng(size: number, rgba: Uint8Array): Buffer;
export function iconSvg(): string;
export function appIcons(): Record<string, Buffer>;
