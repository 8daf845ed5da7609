/**
 * Intl formatters, each made once per language and options and then reused. Making one costs
 * about ten times using it: the chair's record of 150 speeches, drawn again every second, spent
 * 60 ms of each second making date formatters.
 */
export function madeOnce<Args extends readonly string[], Formatter>(make: (...args: Args) => Formatter): (...args: Args) => Formatter {
  const made = new Map<string, Formatter>();
  return (...args) => {
    // The arguments are languages, time zones and option names: none holds a line feed.
    const key = args.join('\n');
    let formatter = made.get(key);
    if (formatter === undefined) {
      formatter = make(...args);
      made.set(key, formatter);
    }
    return formatter;
  };
}
