/**
 * Answering a call is the phone's job: the daemon rings the agent's phone and the call connects
 * when that phone picks up (a desk phone's handset, or the browser softphone). A softphone module
 * registers here so the toolbar's Answer button can pick up for it; without one the toolbar tells
 * the agent to pick up their phone instead of offering a button that could not work.
 */
export interface PhoneAnswerer {
  /** Whether the call ringing now rings on this softphone. */
  canAnswer(): boolean;
  answer(): Promise<void>;
}

let current: PhoneAnswerer | undefined;

/** Returns the function that unregisters it. */
export function registerPhoneAnswerer(answerer: PhoneAnswerer): () => void {
  current = answerer;
  return () => {
    if (current === answerer) current = undefined;
  };
}

export function phoneAnswerer(): PhoneAnswerer | undefined {
  return current?.canAnswer() ? current : undefined;
}
