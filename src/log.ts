/**
 * Where the engine reports what it does. The action logs through
 * workflow commands; the command-line tool through its own terminal log. Both
 * must be told about every secret the moment it exists.
 */
export interface Log {
  debug(message: string): void
  info(message: string): void
  warning(message: string): void
  /** Registers a secret so that nothing printed afterwards shows it. */
  mask(secret: string): void
}

/** A log that says nothing: for library use and tests. */
export const silentLog: Log = {
  debug: () => undefined,
  info: () => undefined,
  warning: () => undefined,
  mask: () => undefined
}

/** Redacts credentials in headers before they reach a debug line. */
export function redactHeaders(
  headers: Record<string, string | string[] | number | undefined>
): Record<string, string> {
  const redacted: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    const text = Array.isArray(value) ? value.join(', ') : String(value)
    redacted[name] = /^(authorization|proxy-authorization|cookie)$/i.test(name)
      ? redactCredential(text)
      : text
  }
  return redacted
}

/** Keeps an auth scheme (`Bearer ***`) and hides everything else. */
function redactCredential(value: string): string {
  const scheme = /^(Basic|Bearer|Digest|Negotiate|Token)\s/i.exec(value)
  return scheme ? `${scheme[1]} ***` : '***'
}
