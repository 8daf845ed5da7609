/** Lower case without accents or other marks (Arabic's short vowels too), so "kone" finds "Koné". */
function searchable(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase('und');
}

/**
 * What the secretariat types to find someone among hundreds: every word of it must be in one of
 * the texts (a name, an organisation, a country…), without regard to case or accents.
 */
export function searchMatcher(search: string): (texts: readonly string[]) => boolean {
  const words = searchable(search).split(/\s+/).filter((word) => word !== '');
  if (words.length === 0) return () => true;
  return (texts) => {
    const haystack = searchable(texts.join('\n'));
    return words.every((word) => haystack.includes(word));
  };
}
