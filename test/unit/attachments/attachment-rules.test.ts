import { describe, expect, it } from 'vitest';
import { checkUpload, DEFAULT_ATTACHMENT_LIMITS, displayName, servedHeaders } from '../../../src/attachments/attachment-rules.js';
import { isAppError } from '../../../src/core/errors.js';
import { exe, html, jpeg, pdf, png, svgWithScript, wav } from '../../fixtures/upload-samples.js';

const limits = DEFAULT_ATTACHMENT_LIMITS;

async function refusal(input: { kind: string; name: string; bytes: Uint8Array }, l = limits): Promise<{ code: string; where: unknown }> {
  try {
    await checkUpload(input, l);
  } catch (err) {
    if (!isAppError(err)) throw err;
    return { code: err.code, where: (err.details as { where?: string }).where };
  }
  throw new Error('accepted');
}

describe('upload rules', () => {
  it('given real PNG, JPEG, PDF and WAV bytes when checked then each is named by its content, whatever its name says', async () => {
    expect(await checkUpload({ kind: 'image', name: 'photo.png', bytes: png() }, limits)).toEqual({ kind: 'image', contentType: 'image/png', size: png().length, name: 'photo.png' });
    expect((await checkUpload({ kind: 'image', name: 'holiday.gif', bytes: jpeg() }, limits)).contentType).toBe('image/jpeg');
    expect((await checkUpload({ kind: 'file', name: 'invoice', bytes: pdf() }, limits)).contentType).toBe('application/pdf');
    expect((await checkUpload({ kind: 'voice', name: 'clip.wav', bytes: wav() }, limits)).contentType).toBe('audio/wav');
    expect((await checkUpload({ kind: 'file', name: 'notes.txt', bytes: Buffer.from('plain notes\nline two\n') }, limits)).contentType).toBe('text/plain; charset=utf-8');
  });

  it('given disguised or active content when checked then it is refused with ATTACHMENT_TYPE_REFUSED at /body', async () => {
    const refused = { code: 'ATTACHMENT_TYPE_REFUSED', where: '/body' };
    expect(await refusal({ kind: 'image', name: 'cat.png', bytes: html() })).toEqual(refused);
    expect(await refusal({ kind: 'file', name: 'cat.png', bytes: html() })).toEqual(refused);
    expect(await refusal({ kind: 'image', name: 'logo.svg', bytes: svgWithScript() })).toEqual(refused);
    expect(await refusal({ kind: 'file', name: 'logo.svg', bytes: svgWithScript() })).toEqual(refused);
    expect(await refusal({ kind: 'image', name: 'cat.png', bytes: exe() })).toEqual(refused);
    expect(await refusal({ kind: 'file', name: 'setup.pdf', bytes: exe() })).toEqual(refused);
    // The right magic for the wrong kind: a PDF is a file, not an image; a PNG is not a voice clip.
    expect(await refusal({ kind: 'image', name: 'scan.png', bytes: pdf() })).toEqual(refused);
    expect(await refusal({ kind: 'voice', name: 'x.wav', bytes: png() })).toEqual(refused);
  });

  it('given an empty upload, an unknown kind or one over its kind limit when checked then each has its own code', async () => {
    expect(await refusal({ kind: 'image', name: 'a.png', bytes: new Uint8Array(0) })).toEqual({ code: 'ATTACHMENT_EMPTY', where: '/body' });
    expect(await refusal({ kind: 'sticker', name: 'a.png', bytes: png() })).toEqual({ code: 'ATTACHMENT_KIND_UNKNOWN', where: '/kind' });
    const small = { ...limits, image: 100 };
    expect(await refusal({ kind: 'image', name: 'a.png', bytes: Buffer.concat([png(), Buffer.alloc(100)]) }, small)).toEqual({ code: 'ATTACHMENT_TOO_LARGE', where: '/body' });
    // Exactly at the limit passes.
    const at = png();
    expect((await checkUpload({ kind: 'image', name: 'a.png', bytes: at }, { ...limits, image: at.length })).size).toBe(at.length);
  });

  it('given names with folders, control and direction characters when displayed then only a bounded plain name is kept', () => {
    expect(displayName('../../etc/passwd', 'file')).toBe('passwd');
    expect(displayName('C:\\Users\\me\\report.pdf', 'file')).toBe('report.pdf');
    expect(displayName('invoice\u202Efdp.exe', 'file')).toBe('invoicefdp.exe');
    expect(displayName('a\u0000b\nc.png', 'image')).toBe('abc.png');
    expect(displayName('...hidden', 'file')).toBe('hidden');
    expect(displayName('', 'voice')).toBe('voice');
    expect([...displayName('名'.repeat(300), 'file')]).toHaveLength(200);
  });

  it('given stored attachments when served then images play inline and everything else downloads, never sniffed', () => {
    const image = servedHeaders({ contentType: 'image/png', name: '报告 "1".png' });
    expect(image['content-disposition']).toBe(`inline; filename="__ _1_.png"; filename*=UTF-8''%E6%8A%A5%E5%91%8A%20%221%22.png`);
    expect(image['x-content-type-options']).toBe('nosniff');
    expect(servedHeaders({ contentType: 'application/pdf', name: 'a.pdf' })['content-disposition']).toMatch(/^attachment;/);
    expect(servedHeaders({ contentType: 'text/plain; charset=utf-8', name: 'a.txt' })['content-disposition']).toMatch(/^attachment;/);
    expect(servedHeaders({ contentType: 'audio/webm', name: 'v' })['content-disposition']).toMatch(/^inline;/);
  });
});
