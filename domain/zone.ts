import { IANAZone, Zone, type ZoneOffsetFormat, type ZoneOffsetOptions } from 'luxon';
import { Memo } from './memo';

const HOUR_MS = 3_600_000;

/**
 * An IANA zone whose offsets are remembered per hour. Luxon asks Intl for the offset of every
 * instant it places in a zone, the costliest step of writing a date; a zone's offset changes a
 * few times a year, and never twice within an hour. An hour whose start and end have different
 * offsets (the hour of a change) is asked of Intl instant by instant, as before.
 *
 * It is the same zone to luxon: type "iana" and the same name, so `setZone('Europe/Oslo')` on
 * a time in it keeps the time as it is.
 */
class HourlyZone extends Zone {
  /** Per hour since 1970: its offset, or null for an hour in which the offset changes. */
  private readonly hours = new Memo<number | null, number>(100_000);

  constructor(private readonly iana: IANAZone) {
    super();
  }

  override get type(): string {
    return 'iana';
  }

  override get name(): string {
    return this.iana.name;
  }

  override get isUniversal(): boolean {
    return false;
  }

  override get isValid(): boolean {
    return this.iana.isValid;
  }

  override offsetName(ts: number, opts: ZoneOffsetOptions): string | null {
    return this.iana.offsetName(ts, opts);
  }

  override formatOffset(ts: number, format: ZoneOffsetFormat): string {
    return this.iana.formatOffset(ts, format);
  }

  override offset(ts: number): number {
    const hour = Math.floor(ts / HOUR_MS);
    const steady = this.hours.get(hour, () => {
      const first = this.iana.offset(hour * HOUR_MS);
      return first === this.iana.offset(hour * HOUR_MS + HOUR_MS - 1) ? first : null;
    });
    return steady ?? this.iana.offset(ts);
  }

  override equals(other: Zone): boolean {
    return other.type === 'iana' && other.name === this.name;
  }
}

const zones = new Memo<Zone>(100);

/** The wall-clock time of instant `ts` in `zone`, held as a Date whose UTC fields are that time. */
export const wallClock = (ts: number, zone: string): Date => new Date(ts + hourlyZone(zone).offset(ts) * 60_000);

/** The zone `name` with its offsets remembered; an unknown name gives luxon's invalid zone. */
export const hourlyZone = (name: string): Zone =>
  zones.get(name, () => {
    const iana = IANAZone.create(name);
    return iana.isValid ? new HourlyZone(iana) : iana;
  });
