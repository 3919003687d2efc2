/** A dictionary's Chinese must have exactly the English's keys (nested), each a string. */
export type Translation<T> = { [K in keyof T]: T[K] extends string ? string : Translation<T[K]> };

/** A page's (or the shell's) dictionary: `{ en, zh }`, the two checked against each other by the compiler. */
export function dictionary<T extends object>(en: T, zh: Translation<T>): { en: T; zh: Translation<T> } {
  return { en, zh };
}
