import { fileURLToPath } from 'node:url';

/** Builds the recorder once and prints its path; the same contract as infra/livekit/install.sh. */
export const RECORDER_INSTALL_SCRIPT = fileURLToPath(new URL('../../infra/recorder/install.sh', import.meta.url));
