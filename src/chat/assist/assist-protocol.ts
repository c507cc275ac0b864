/**
 * Remote assistance over the chat's existing sockets (issue 20, docs/remote-assistance.md).
 * Types, JSON schemas and the quality constraints only (type imports only), so the widget bundle
 * and the agent workspace import it without the server.
 *
 * The daemon carries signalling only: the screen itself goes peer to peer (WebRTC) from the
 * visitor's browser to each viewer. The visitor is always the offerer: a viewer joins by the
 * server sending `share_peer`, and the visitor's browser makes one peer connection per viewer
 * with the same captured track (the supervisor who watches gets a second one, see share-service.ts).
 *
 * Visitor -> server (widget socket)
 *   share_answer { shareId, accept }            consent (accept) or refusal of the invitation
 *   share_signal { shareId, peer, signal }      the offer and ICE candidates for one viewer
 *   share_end    { shareId }                    the visitor stops sharing
 * Server -> visitor
 *   share_invite { shareId, kind, agentName, quality, recorded? }  the agent asks to see the screen (kind
 *                                                  screen) or for a video call (kind video); recorded: the
 *                                                  session is recorded, said before the visitor consents
 *   share_peer   { shareId, peer, quality }       a viewer is ready: send the screen to it (make an offer)
 *   share_signal { shareId, peer, signal }        the viewer's answer and ICE candidates
 *   share_ended  { shareId, by, peer? }           the share is over (any side); with peer: only that viewer left
 * Server -> staff (/api/ws, `{ type: 'assist', frame }`, only to the viewer's own sockets)
 *   share_changed { share }                       the share's state (to the inviter and every viewer)
 *   share_signal  { shareId, peer, signal }       the visitor's offer and ICE candidates for this viewer
 * Video calls (kind video) use the same frames: the visitor's offer and the agent's answer both
 * carry camera and microphone, and the offer opens a data channel 'media-state' on which each
 * browser tells the other when it muted or turned its camera off ({ mic, cam }, media-state.ts):
 * peer to peer like the media, nothing for the daemon to relay.
 * Staff -> server: REST (src/api/http/chat/share-routes.ts), like every agent action.
 */
import type { ScreenShare, ShareEnder, ShareKind, ShareQuality } from './share-state.js';
import type { IceServer } from './turn-credentials.js';

export type { IceServer };

export type { ShareQuality, ShareEnder, ShareKind };

/** One signalling message between the visitor's browser and one viewer's. */
export type ShareSignal = { kind: 'offer' | 'answer'; sdp: string } | { kind: 'ice'; candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null };

export const SIGNAL_LIMITS = { maxSdpLength: 16_000, maxCandidateLength: 1_000 } as const;

export interface ShareAnswerFrame {
  type: 'share_answer';
  shareId: string;
  accept: boolean;
}
export interface ShareSignalFrame {
  type: 'share_signal';
  shareId: string;
  peer: string;
  signal: ShareSignal;
}
export interface ShareEndFrame {
  type: 'share_end';
  shareId: string;
}
export type VisitorShareFrame = ShareAnswerFrame | ShareSignalFrame | ShareEndFrame;

export interface ShareInviteFrame {
  type: 'share_invite';
  shareId: string;
  /** screen: send the screen, view only; video: a two-way camera call. */
  kind: ShareKind;
  agentName: string;
  quality: ShareQuality;
  /** The session is recorded (the admin switch was on): the widget says so before the visitor consents. */
  recorded?: true;
}
export interface SharePeerFrame {
  type: 'share_peer';
  shareId: string;
  peer: string;
  quality: ShareQuality;
  /** STUN/TURN servers for this peer connection; TURN credentials short-lived, made for this share. */
  iceServers?: IceServer[];
}
export interface ShareEndedFrame {
  type: 'share_ended';
  shareId: string;
  by: ShareEnder;
  /** Only this viewer left (a supervisor stopped watching): its connection closes, the share goes on. */
  peer?: string;
}
export type ServerShareFrame = ShareInviteFrame | SharePeerFrame | ShareSignalFrame | ShareEndedFrame;

/** A share as staff see it: the record, and the peer id this viewer answers as (when watching). */
export interface ShareView extends ScreenShare {
  peer?: string;
  /** With `peer`: the ICE servers (short-lived TURN credentials) this viewer's connection uses. */
  iceServers?: IceServer[];
}
export type StaffShareFrame = { type: 'share_changed'; share: ShareView } | ShareSignalFrame;

const ID = { type: 'string', minLength: 1, maxLength: 100 } as const;
const SIGNAL = {
  type: 'object',
  required: ['kind'],
  additionalProperties: false,
  properties: {
    kind: { enum: ['offer', 'answer', 'ice'] },
    // SDP is lines ending in CRLF: free text to the control-character rule, read by the browsers only.
    sdp: { type: 'string', minLength: 1, maxLength: SIGNAL_LIMITS.maxSdpLength, 'x-free-text': true },
    candidate: { type: 'string', maxLength: SIGNAL_LIMITS.maxCandidateLength },
    sdpMid: { type: ['string', 'null'], maxLength: 100 },
    sdpMLineIndex: { type: ['integer', 'null'], minimum: 0, maximum: 100 },
  },
  // An offer or answer carries its SDP; a candidate its line ('' is the end of candidates).
  oneOf: [
    { properties: { kind: { enum: ['offer', 'answer'] } }, required: ['sdp'], not: { required: ['candidate'] } },
    { properties: { kind: { const: 'ice' } }, required: ['candidate'], not: { required: ['sdp'] } },
  ],
} as const;

export const SHARE_SIGNAL_SCHEMA = SIGNAL;

export const VISITOR_SHARE_SCHEMAS = {
  share_answer: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'shareId', 'accept'],
    properties: { type: { const: 'share_answer' }, shareId: ID, accept: { type: 'boolean' } },
  },
  share_signal: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'shareId', 'peer', 'signal'],
    properties: { type: { const: 'share_signal' }, shareId: ID, peer: ID, signal: SIGNAL },
  },
  share_end: { type: 'object', additionalProperties: false, required: ['type', 'shareId'], properties: { type: { const: 'share_end' }, shareId: ID } },
} as const;

/**
 * What the sender's capture asks for per quality: speed first keeps the picture small and the
 * frames coming (a moving pointer stays readable on a slow line); picture first sends full HD
 * at a few frames a second (small print stays sharp). `hint` is the track's contentHint.
 */
export function captureConstraints(quality: ShareQuality): { video: { width: { max: number }; height: { max: number }; frameRate: { ideal: number; max: number } }; hint: 'motion' | 'detail' } {
  return quality === 'picture'
    ? { video: { width: { max: 1920 }, height: { max: 1080 }, frameRate: { ideal: 5, max: 5 } }, hint: 'detail' }
    : { video: { width: { max: 1280 }, height: { max: 720 }, frameRate: { ideal: 15, max: 15 } }, hint: 'motion' };
}
