import { Web, type Session } from 'sip.js';
import { SoftphoneError } from './errors.js';

export const DTMF_TONES = /^[0-9A-Da-d#*,]+$/;
/** Long enough for every IVR and PBX to detect, short enough to dial a PIN briskly. */
const TONE_MS = 100;
const GAP_MS = 70;

/** The audio sender's DTMF sender, when the call's media negotiated telephone-event. */
export function rtpDtmfSender(session: Session): RTCDTMFSender | undefined {
  const sdh = session.sessionDescriptionHandler;
  if (!(sdh instanceof Web.SessionDescriptionHandler)) return undefined;
  const sender = sdh.peerConnection?.getSenders().find((s) => s.dtmf);
  return sender?.dtmf && sender.dtmf.canInsertDTMF ? sender.dtmf : undefined;
}

/**
 * Sends tones the way the PBX detects most reliably: RFC 4733 events in the RTP stream
 * (Asterisk and FreeSWITCH agents are configured rfc4733/rfc2833), through the browser's
 * RTCDTMFSender. Only when the far end did not negotiate telephone-event do the tones go as SIP
 * INFO application/dtmf-relay, one request per tone (a pause ',' is skipped: INFO has no timing).
 */
export async function sendDtmf(session: Session, tones: string, onInfoTone: (tone: string) => void): Promise<'rtp' | 'info'> {
  if (!DTMF_TONES.test(tones)) throw new SoftphoneError('INVALID_DTMF', `Not DTMF tones: ${JSON.stringify(tones)} (0-9, A-D, *, # and ',' for a pause)`);
  const rtp = rtpDtmfSender(session);
  if (rtp) {
    try {
      rtp.insertDTMF(tones, TONE_MS, GAP_MS);
      return 'rtp';
    } catch (err) {
      throw new SoftphoneError('DTMF_FAILED', 'The browser refused to send the tones', { cause: err });
    }
  }
  for (const tone of tones.toUpperCase()) {
    if (tone === ',') continue;
    await sendInfoTone(session, tone);
    onInfoTone(tone);
  }
  return 'info';
}

function sendInfoTone(session: Session, tone: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (why: string, cause?: unknown) => reject(new SoftphoneError('DTMF_FAILED', `The tone ${tone} was not accepted: ${why}`, { cause }));
    session
      .info({
        requestDelegate: {
          onAccept: () => resolve(),
          onReject: (response) => failed(`${response.message.statusCode} ${response.message.reasonPhrase}`),
        },
        requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${tone}\r\nDuration=${TONE_MS}` } },
      })
      .catch((err: unknown) => failed('the call cannot send requests now', err));
  });
}
