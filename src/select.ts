/**
 * JMESPath over the response: `select` picks a value for the `result`
 * output, `assert` gates a workflow on the data. https://jmespath.org
 */
import { compile, search, type JSONValue } from '@jmespath-community/jmespath'
import { shorten } from './api.js'
import { InputError, messageOf } from './errors.js'

/** GitHub refuses an output larger than 1 MiB. */
export const OUTPUT_LIMIT_BYTES = 1024 * 1024

/** A failed `assert`, or a `select` that cannot be kept. */
export class SelectError extends Error {
  override readonly name = 'SelectError'
}

/** Checks an expression's syntax, before any request is made. */
export function checkExpression(input: string, expression: string): void {
  try {
    compile(expression)
  } catch (error) {
    throw new InputError(
      input,
      `is not a valid JMESPath expression (${messageOf(error)}); see https://jmespath.org/tutorial.html`
    )
  }
}

/** Evaluates an expression; a failure names the input and the expression. */
export function evaluate(
  input: string,
  expression: string,
  document: unknown
): JSONValue {
  try {
    return search(document as JSONValue, expression)
  } catch (error) {
    throw new SelectError(
      `${input} \`${expression}\` could not be evaluated: ${messageOf(error)}`
    )
  }
}

/** JMESPath truthiness: false, null, and empty lists, objects and strings fail. */
export function isTruthy(value: JSONValue): boolean {
  if (value === null || value === false || value === '') return false
  if (Array.isArray(value)) return value.length > 0
  if (typeof value === 'object') return Object.keys(value).length > 0
  return true
}

/** Throws when `assert` does not hold, showing the value it produced. */
export function checkAssertion(expression: string, document: unknown): void {
  const value = evaluate('assert', expression, document)
  if (isTruthy(value)) return
  throw new SelectError(
    `assert \`${expression}\` does not hold: it gave ${shorten(JSON.stringify(value), 300)}`
  )
}

/** The `result` output: the selected value as JSON, within GitHub's limit. */
export function selectResult(
  expression: string,
  document: unknown,
  responseFile: string
): string {
  const result = JSON.stringify(evaluate('select', expression, document))
  const bytes = Buffer.byteLength(result)
  if (bytes > OUTPUT_LIMIT_BYTES) {
    throw new SelectError(
      `select \`${expression}\` gave ${bytes} bytes of JSON, more than GitHub's ${OUTPUT_LIMIT_BYTES}-byte limit for an output. Narrow the expression, or read the response file ${responseFile} in a later step.`
    )
  }
  return result
}
