/** Letters and digits that cannot be mistaken for one another when read aloud or copied by hand. */
const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A random initial password like `kq7m-x2pd-9fhw-t3zn` (about 79 bits), for the admin to hand over. */
export function generatePassword(groups = 4, size = 4): string {
  const bytes = new Uint8Array(groups * size);
  crypto.getRandomValues(bytes);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return Array.from({ length: groups }, (_, g) => chars.slice(g * size, (g + 1) * size).join('')).join('-');
}
