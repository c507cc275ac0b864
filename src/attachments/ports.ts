/** Where attachments' bytes live (src/store/attachments/attachment-files.ts): random names under the data folder. */
import type { AttachmentKind } from './attachment-rules.js';

/** An attachment as stored: its row (the bytes are in the file named `storedName`). */
export interface AttachmentRecord {
  id: string;
  kind: AttachmentKind;
  contentType: string;
  size: number;
  /** Sanitized original name, for display only; never part of a path. */
  name: string;
  /** Random file name under the attachments folder. */
  storedName: string;
  chatId: string | null;
  ticketId: string | null;
  /** A ticket attachment added with a reply: it is public when the reply is. */
  replyId: string | null;
  /** 'visitor:<id>' or a user id. */
  uploadedBy: string;
  createdAt: number;
}

/** What a chat message or a ticket shows of an attachment. */
export interface AttachmentView {
  id: string;
  kind: AttachmentKind;
  name: string;
  size: number;
  contentType: string;
}

export function viewOf(a: AttachmentRecord): AttachmentView {
  return { id: a.id, kind: a.kind, name: a.name, size: a.size, contentType: a.contentType };
}

/** A stored file, opened: its size and its bytes, whole or a part (a video player seeks). */
export interface OpenedAttachment {
  size: number;
  /** From `start` to `end` inclusive; the file closes when the stream ends or fails. */
  stream(start: number, end: number): NodeJS.ReadableStream;
  /** Closes the file when no stream is taken. */
  close(): Promise<void>;
}

/**
 * The bytes. An upload is written to a temporary name first (`stage`), moved to its stored name
 * (`place`) inside the transaction that stores its row, and removed again if that transaction
 * fails: no file without a row. Temporary files of a crash are swept at start (`sweepStaged`).
 */
export interface AttachmentFiles {
  stage(bytes: Uint8Array): Promise<string>;
  place(staged: string, storedName: string): Promise<void>;
  /** Removes a staged or stored file; a missing one is not an error. */
  discard(name: string): Promise<void>;
  /** The stored file opened for reading (ATTACHMENT_NOT_FOUND when it is not there). */
  open(storedName: string): Promise<OpenedAttachment>;
  /** A fresh random stored name. */
  newName(): string;
  sweepStaged(): Promise<number>;
}
