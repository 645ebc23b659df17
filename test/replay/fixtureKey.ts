import { parseCodecKeys } from '../../codec/aesGcm';

/**
 * The key the committed replay histories are encrypted with. Test data only: the histories
 * hold the invented people of examples/, never real ones. Production keys never go in git.
 */
export const fixtureKeys = parseCodecKeys(['replay-fixture=cGxhbnN5a2x1cyByZXBsYXkgZml4dHVyZSBrZXkgMDA=']);
