/**
 * Requests an agent makes over its authenticated /api/ws socket (catalogue: messages.ts). Today
 * one: `chat.send`, the same send as POST /api/chats/:id/messages without an HTTP request per
 * message (no per-request hooks, headers or response object: the chat benchmark's agents spent
 * most of the daemon's time there).
 *
 * Nothing is weaker than on the REST route: every request authenticates the socket's session
 * again (the session cache, as every REST request does), then needs chat.handle and an agent, then
 * the chat service's own reach checks (owner or invited colleague, chat still open); the reply
 * leaves only after the message is committed, and a resend with the same client id stores nothing
 * and answers the same seq.
 */
import type { Principal } from '../../accounts/principal.js';
import type { ChatService } from '../../chat/chat-service.js';
import { AppError, isAppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { Authenticate } from '../auth-hook.js';
import type { ChatSendRequest, ServerMessage } from './messages.js';

export interface SocketRequestDeps {
  chat: Pick<ChatService, 'agentMessage'>;
}

/** Requests of one socket not answered yet; past this a request is refused (a client that never waits). */
export const MAX_IN_FLIGHT = 256;

type Reply = Extract<ServerMessage, { type: 'reply' }>;

/** Answers one socket's requests; `send` writes the reply to that socket. */
export class SocketRequests {
  private inFlight = 0;

  constructor(
    private readonly deps: SocketRequestDeps,
    private readonly authenticate: Authenticate,
    private readonly token: string,
    private readonly log: Logger,
    private readonly send: (reply: Reply) => void,
  ) {}

  chatSend(req: ChatSendRequest): void {
    if (this.inFlight >= MAX_IN_FLIGHT) {
      this.send(errorReply(req.id, new AppError('RATE_LIMITED', `At most ${MAX_IN_FLIGHT} requests may wait for their reply on one socket`, { clientId: req.clientId })));
      return;
    }
    this.inFlight++;
    this.sendMessage(req).then(
      (reply) => {
        this.inFlight--;
        this.send(reply);
      },
      (err: unknown) => {
        this.inFlight--;
        if (isAppError(err)) this.send(errorReply(req.id, err));
        else {
          this.log.error({ err, chatId: req.chatId, clientId: req.clientId }, 'chat.send over the event socket failed');
          this.send(errorReply(req.id, new AppError('INTERNAL', 'Internal error', { clientId: req.clientId })));
        }
      },
    );
  }

  private async sendMessage(req: ChatSendRequest): Promise<Reply> {
    const principal = await this.authenticate(this.token);
    const agentId = agentOf(principal);
    const m = await this.deps.chat.agentMessage(agentId, req.chatId, req.clientId, req.text);
    return { type: 'reply', id: req.id, ok: true, result: { chatId: req.chatId, clientId: req.clientId, seq: m.seq, at: m.at } };
  }
}

/** The REST route's checks: chat.handle (what its route config declares), then an agent. */
function agentOf(p: Principal): string {
  if (p.wallboard || !p.permissions.has('chat.handle')) throw new AppError('FORBIDDEN', 'This needs the permission chat.handle', { permission: 'chat.handle' });
  if (!p.agentId) throw new AppError('NOT_AN_AGENT', 'You are not set up as an agent', { userId: p.userId });
  return p.agentId;
}

export function errorReply(id: string, err: AppError): Reply {
  return { type: 'reply', id, ok: false, error: { code: err.code, message: err.message, ...(err.details !== undefined ? { details: err.details } : {}) } };
}
