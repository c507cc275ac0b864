import { Invitation, Inviter, SessionState, Web, type Session } from 'sip.js';
import type { AudioOutput } from './audio-output.js';
import { rtpDtmfSender, sendDtmf } from './dtmf.js';
import { isSoftphoneError, SoftphoneError } from './errors.js';
import { stopTracks, type Microphone } from './microphone.js';
import type { CallEndReason, CallSnapshot, CallState, SoftphoneCall } from './types.js';

/** What a call needs from its softphone: shared devices and the ways to tell the page. */
export interface CallContext {
  microphone: Microphone;
  output: AudioOutput;
  changed(): void;
  error(err: SoftphoneError): void;
  dtmf(tone: string, via: 'rtp' | 'info'): void;
}

/** Agents decline an offer: 603 tells the PBX (and the routing engine) it was refused, not busy. */
const DECLINE = 603;
/** The status the PBX gets when the browser cannot take a call it was asked to answer. */
const UNAVAILABLE = 480;

let sequence = 0;

/**
 * One call on top of a SIP.js session (an Invitation when it rings here, an Inviter when we
 * dial). It owns the session's state changes and turns them into CallState (see types.ts for the
 * diagram), keeps hold and mute consistent with the sender and receiver tracks, and plays the
 * far end on the shared output.
 */
export class Call implements SoftphoneCall {
  readonly id = `call-${++sequence}`;
  readonly direction: 'incoming' | 'outgoing';
  readonly remote: { uri: string; displayName: string };
  private current: CallState;
  private isHeld = false;
  private isMuted = false;
  private endedBy: CallEndReason | undefined;
  private status: number | undefined;
  private tonesWatched = false;

  constructor(
    private readonly session: Session,
    private readonly ctx: CallContext,
  ) {
    this.direction = session instanceof Invitation ? 'incoming' : 'outgoing';
    this.current = this.direction === 'incoming' ? 'ringing' : 'calling';
    const identity = session.remoteIdentity;
    this.remote = { uri: identity.uri.toString(), displayName: identity.displayName || identity.uri.user || '' };
    session.delegate = {
      onBye: (bye) => {
        this.endedBy ??= 'remote';
        // With a delegate SIP.js leaves the 200 OK to us; without it the PBX retransmits the BYE.
        bye.accept().catch((err: unknown) => this.ctx.error(new SoftphoneError('CALL_FAILED', 'The hang-up could not be confirmed to the phone system', { cause: err })));
      },
      onSessionDescriptionHandler: (sdh) => {
        if (sdh instanceof Web.SessionDescriptionHandler) this.play(sdh.remoteMediaStream);
      },
    };
    session.stateChange.addListener((state) => this.onSessionState(state));
  }

  get state(): CallState {
    return this.current;
  }
  get held(): boolean {
    return this.isHeld;
  }
  get muted(): boolean {
    return this.isMuted;
  }

  snapshot(): CallSnapshot {
    return {
      id: this.id,
      direction: this.direction,
      state: this.current,
      held: this.isHeld,
      muted: this.isMuted,
      remote: { ...this.remote },
      ...(this.endedBy ? { endReason: this.endedBy } : {}),
      ...(this.status !== undefined ? { statusCode: this.status } : {}),
    };
  }

  async answer(): Promise<void> {
    if (!(this.session instanceof Invitation) || this.current !== 'ringing') throw this.wrongState('answer');
    this.set('connecting');
    try {
      // The microphone first: a refusal leaves the call ringing, so the agent can allow it and answer again.
      await this.ctx.microphone.reserve();
    } catch (err) {
      if (this.now() === 'connecting') this.set('ringing');
      throw err;
    }
    if (sessionState(this.session) !== SessionState.Initial) {
      // The caller gave up while the microphone was opening.
      this.ctx.microphone.release();
      throw this.wrongState('answer');
    }
    try {
      await this.session.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } as Web.SessionDescriptionHandlerOptions });
    } catch (err) {
      this.ctx.microphone.release();
      throw new SoftphoneError('CALL_FAILED', 'The call could not be answered', { cause: err });
    }
    // SIP.js answers a failed accept with 480 itself and resolves: the session's state tells.
    if (sessionState(this.session) !== SessionState.Established) {
      this.endedBy ??= 'failed';
      throw new SoftphoneError('CALL_FAILED', 'The call could not be answered (its media could not be set up)');
    }
  }

  async reject(): Promise<void> {
    if (!(this.session instanceof Invitation) || this.current !== 'ringing') throw this.wrongState('reject');
    this.endedBy = 'local';
    await this.session.reject({ statusCode: DECLINE });
  }

  async hangup(): Promise<void> {
    if (this.current === 'ended') return;
    this.endedBy = 'local';
    switch (this.session.state) {
      case SessionState.Initial:
      case SessionState.Establishing:
        if (this.session instanceof Inviter) await this.session.cancel();
        else if (this.session instanceof Invitation) await this.session.reject({ statusCode: this.current === 'connecting' ? UNAVAILABLE : DECLINE });
        return;
      case SessionState.Established:
        await this.session.bye();
        return;
      default:
        return;
    }
  }

  async hold(): Promise<void> {
    await this.reinvite(true);
  }

  async unhold(): Promise<void> {
    await this.reinvite(false);
  }

  mute(): void {
    this.isMuted = true;
    this.applyTracks();
    this.ctx.changed();
  }

  unmute(): void {
    this.isMuted = false;
    this.applyTracks();
    this.ctx.changed();
  }

  async sendDtmf(tones: string): Promise<void> {
    if (this.current !== 'active') throw this.wrongState('send tones on');
    this.watchTones();
    await sendDtmf(this.session, tones, (tone) => this.ctx.dtmf(tone, 'info'));
  }

  /** A new microphone for the live call: its track replaces the old one on the same sender, no renegotiation. */
  async switchMicrophone(stream: MediaStream): Promise<void> {
    const sdh = this.session.sessionDescriptionHandler;
    const [track] = stream.getAudioTracks();
    const sender = sdh instanceof Web.SessionDescriptionHandler ? sdh.peerConnection?.getSenders().find((x) => x.track?.kind === 'audio') : undefined;
    if (!(sdh instanceof Web.SessionDescriptionHandler) || !sender || !track) {
      stopTracks(stream);
      throw this.wrongState('switch the microphone of');
    }
    const previous = sdh.localMediaStream.getAudioTracks();
    await sender.replaceTrack(track);
    for (const old of previous) {
      sdh.localMediaStream.removeTrack(old);
      old.stop();
    }
    sdh.localMediaStream.addTrack(track);
    this.applyTracks();
  }

  /** Starts an outgoing call (the softphone constructs, then starts, so the page has the call first). */
  async start(): Promise<void> {
    if (!(this.session instanceof Inviter)) throw this.wrongState('start');
    await this.session.invite({
      requestDelegate: {
        onReject: (response) => {
          this.status = response.message.statusCode;
          this.endedBy ??= 'rejected';
        },
      },
    });
  }

  private async reinvite(hold: boolean): Promise<void> {
    if (this.current !== 'active') throw this.wrongState(hold ? 'hold' : 'resume');
    if (this.isHeld === hold) return;
    const options = { ...this.session.sessionDescriptionHandlerOptionsReInvite, hold } as Web.SessionDescriptionHandlerOptions;
    await new Promise<void>((resolve, reject) => {
      const refused = (why: string, cause?: unknown) =>
        reject(new SoftphoneError('CALL_FAILED', `The call could not be ${hold ? 'held' : 'resumed'}: ${why}`, { cause }));
      this.session
        .invite({
          sessionDescriptionHandlerOptions: options,
          requestDelegate: {
            onAccept: () => {
              this.isHeld = hold;
              this.applyTracks();
              this.ctx.changed();
              resolve();
            },
            onReject: (response) => refused(`${response.message.statusCode} ${response.message.reasonPhrase}`),
          },
        })
        .catch((err: unknown) => refused('the call cannot be changed now', err));
    });
  }

  /** Held: nothing sent, nothing heard. Muted: nothing sent. The tracks stay open either way. */
  private applyTracks(): void {
    const sdh = this.session.sessionDescriptionHandler;
    if (!(sdh instanceof Web.SessionDescriptionHandler) || !sdh.peerConnection) return;
    sdh.enableSenderTracks(!this.isHeld && !this.isMuted);
    sdh.enableReceiverTracks(!this.isHeld);
  }

  private watchTones(): void {
    const sender = rtpDtmfSender(this.session);
    if (!sender || this.tonesWatched) return;
    this.tonesWatched = true;
    // tonechange fires as the browser plays each tone into the RTP stream; '' marks the end.
    sender.addEventListener('tonechange', (event) => {
      if (event.tone !== '') this.ctx.dtmf(event.tone, 'rtp');
    });
  }

  private play(stream: MediaStream): void {
    this.ctx.output.play(stream).catch((err: unknown) => {
      this.ctx.error(isSoftphoneError(err) ? err : new SoftphoneError('AUDIO_PLAYBACK_BLOCKED', 'The call audio could not be played', { cause: err }));
    });
  }

  private onSessionState(state: SessionState): void {
    if (state === SessionState.Established) {
      this.set('active');
      this.applyTracks();
    } else if (state === SessionState.Terminated) {
      // Nobody said why: an incoming call that never got answered was cancelled by the caller.
      this.endedBy ??= this.current === 'ringing' ? 'cancelled' : 'failed';
      this.ctx.microphone.release();
      this.ctx.output.stop();
      this.set('ended');
    }
  }

  /** The state as it is now (after an await), which TypeScript's narrowing cannot know. */
  private now(): CallState {
    return this.current;
  }

  private set(state: CallState): void {
    if (this.current === state) return;
    this.current = state;
    this.ctx.changed();
  }

  private wrongState(action: string): SoftphoneError {
    return new SoftphoneError('INVALID_STATE', `Cannot ${action} a call that is ${this.current}`, { details: { state: this.current } });
  }
}

/** A session's state read through a call, so a check after an await is not narrowed away. */
function sessionState(session: Session): SessionState {
  return session.state;
}
