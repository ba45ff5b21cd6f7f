/** Session lifetimes and login throttling (ASVS 7.3.1/7.3.2 timeouts, 6.3.1 anti-automation). */
export const authPolicy = {
  sessionAbsoluteMs: 7 * 24 * 60 * 60 * 1000,
  sessionIdleMs: 12 * 60 * 60 * 1000,
  /** last_seen_at / last_used_at move at most this often, so reads do not write on every request. */
  touchIntervalMs: 60 * 1000,
  /** Failures for one account from one address: a guesser there is stopped, the owner elsewhere is not. */
  accountAddressFailures: 5,
  /** Failures for one account from anywhere: stops guessing spread over many addresses. */
  accountFailures: 50,
  addressFailures: 30,
  windowSeconds: 15 * 60,
  blockSeconds: 15 * 60,
} as const;

/** Throttle key of an account, by the email as typed (known or not, so throttling reveals nothing). */
export function accountKey(email: string): string {
  return `account:${email.trim().toLowerCase()}`;
}

/** Throttle key of an account tried from one address. */
export function accountAddressKey(email: string, ip: string): string {
  return `account-ip:${email.trim().toLowerCase()}|${ip}`;
}

export function addressKey(ip: string): string {
  return `ip:${ip}`;
}
