/** More formatters than six languages and a meeting's few time zones and styles ever need. */
const KEPT_AT_MOST = 256;

/**
 * Intl formatters, each made once per language and options and then reused. Making one costs
 * about ten times using it (60 against 5 µs): the chair's record of 150 speeches, drawn again
 * every second, spent 60 ms of each second making date formatters. Past `KEPT_AT_MOST` (a
 * time zone typed letter by letter, any case of one zone's name), formatters are made and not
 * kept: unusual arguments cost time, never memory.
 */
export function madeOnce<Args extends readonly string[], Formatter>(make: (...args: Args) => Formatter): (...args: Args) => Formatter {
  const made = new Map<string, Formatter>();
  return (...args) => {
    // The arguments are languages, time zones and option names: none holds a line feed.
    const key = args.join('\n');
    let formatter = made.get(key);
    if (formatter === undefined) {
      formatter = make(...args);
      if (made.size < KEPT_AT_MOST) made.set(key, formatter);
    }
    return formatter;
  };
}
