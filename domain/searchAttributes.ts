import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * What Temporal's visibility may know about a collaboration: never personal data, only the
 * programme, the municipality's number and the phase. `infra/searchAttributes.ts` registers them.
 */
export const programmeKey = defineSearchAttributeKey('PlansyklusProgramme', SearchAttributeType.KEYWORD);
export const municipalityKey = defineSearchAttributeKey('PlansyklusMunicipality', SearchAttributeType.KEYWORD);
export const phaseKey = defineSearchAttributeKey('PlansyklusPhase', SearchAttributeType.KEYWORD);
export const searchAttributeKeys = [programmeKey, municipalityKey, phaseKey];
