/** The score that counts, as the daemon's report counts it (src/qa/model.ts finalScore). */
export { finalScore } from '../../qa/model.js';
