import type { Period } from './period';

const day = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

/** A period in a few words of bokmål, as the plan check prints it. */
export function describePeriod(p: Period): string {
  switch (p.kind) {
    case 'due':
      return `frist ${day(p.due)}`;
    case 'range':
      return `${day(p.from)}–${day(p.to)}, vurderes hvert år`;
    case 'recurring':
      return 'hvert år';
    case 'continuous':
      return 'løpende hele planperioden';
  }
}
