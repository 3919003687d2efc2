/**
 * Names for statements the hub runs again and again with other values (compiled reads, commands' hot statements).
 * `pg` parses a named statement once per connection and PostgreSQL keeps its plan there (a generic one once it is
 * not worse than the custom plans it made first), so a call costs neither parse nor, mostly, planning. A backend
 * never forgets a prepared statement, so only the first `max` distinct texts get a name; later ones run unnamed, as
 * every other statement does: the memory each connection holds for them stays bounded whatever documents clients send.
 */
const MAX_PREPARED = 200;

/** A function giving a text its statement name, or undefined once `max` texts have one. */
export function statementNames(max = MAX_PREPARED): (text: string) => string | undefined {
  const names = new Map<string, string>();
  return (text) => {
    let name = names.get(text);
    if (name === undefined && names.size < max) names.set(text, (name = `hub_prepared_${names.size + 1}`));
    return name;
  };
}
