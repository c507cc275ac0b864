/**
 * The media server's side of the calls, in the page: a second RTCPeerConnection that makes the
 * offers the test PBX sends the softphone and answers the softphone's offers. So the softphone
 * negotiates with a real WebRTC peer (ICE, DTLS fingerprints, codecs, telephone-event) instead of
 * a stubbed session description handler.
 */
export class FarEnd {
  private pc: RTCPeerConnection | undefined;

  /** An offer for a new call (sendrecv audio), as the PBX would send in an INVITE. */
  async offer(): Promise<string> {
    this.close();
    const pc = (this.pc = new RTCPeerConnection());
    pc.addTransceiver('audio', { direction: 'sendrecv' });
    await pc.setLocalDescription(await pc.createOffer());
    return gathered(pc);
  }

  /** The answer to the softphone's offer (a new call or a re-INVITE on the same connection). */
  async answer(offer: string): Promise<string> {
    const pc = (this.pc ??= new RTCPeerConnection());
    await pc.setRemoteDescription({ type: 'offer', sdp: offer });
    // Willing to send and receive: the answer then mirrors what the offer asks (recvonly to a hold).
    for (const t of pc.getTransceivers()) if (t.currentDirection !== 'stopped') t.direction = 'sendrecv';
    await pc.setLocalDescription(await pc.createAnswer());
    return gathered(pc);
  }

  /** The softphone's answer to our offer. */
  async accept(answer: string): Promise<void> {
    if (!this.pc) throw new Error('no offer was made');
    await this.pc.setRemoteDescription({ type: 'answer', sdp: answer });
  }

  /** Resolves once ICE and DTLS connected the two peers: the call's media path is real. */
  connected(): Promise<void> {
    const pc = this.pc;
    if (!pc) return Promise.reject(new Error('no call'));
    return new Promise((resolve, reject) => {
      const check = () => {
        if (pc.connectionState === 'connected') resolve();
        else if (pc.connectionState === 'failed' || pc.connectionState === 'closed') reject(new Error(`media ${pc.connectionState}`));
      };
      pc.addEventListener('connectionstatechange', check);
      check();
    });
  }

  close(): void {
    this.pc?.close();
    this.pc = undefined;
  }
}

/** SDP is sent whole (no trickle ICE in SIP): wait for every candidate. */
function gathered(pc: RTCPeerConnection): Promise<string> {
  return new Promise((resolve) => {
    const done = () => {
      if (pc.iceGatheringState === 'complete') resolve(pc.localDescription?.sdp ?? '');
    };
    pc.addEventListener('icegatheringstatechange', done);
    done();
  });
}
