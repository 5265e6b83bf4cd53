/**
 * Zip times are local date-time fields with no zone: write the build's UTC fields, so the same build
 * date gives the same bytes on any machine. Zip dates run from 1980 (fflate writes up to 2099).
 */
export function zipTime(date: Date): Date {
  const clamped = new Date(Math.min(Math.max(date.getTime(), Date.UTC(1980, 0, 1)), Date.UTC(2099, 11, 31)));
  return new Date(
    clamped.getUTCFullYear(),
    clamped.getUTCMonth(),
    clamped.getUTCDate(),
    clamped.getUTCHours(),
    clamped.getUTCMinutes(),
    clamped.getUTCSeconds(),
  );
}
