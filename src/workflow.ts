/**
 * The runner's workflow commands and files, spoken directly: inputs, masks,
 * outputs, log lines and the job summary.
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 *
 * Note: this is what `@actions/core` does for these calls, without loading
 * it. `@actions/core` imports `@actions/http-client` for OIDC, and with it
 * undici, which costs about 55 ms at every start on Node.js 24: most of a
 * token-only step (see the benchmark in the README). The protocol below is
 * small and stable, and the end-to-end tests read it back as the runner does.
 */
import { randomUUID } from 'node:crypto'
import { appendFileSync, existsSync } from 'node:fs'
import { EOL } from 'node:os'

/** An input by its `action.yml` name, trimmed; `''` when it is not set. */
export function getInput(name: string): string {
  const variable = `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
  return (process.env[variable] ?? '').trim()
}

/** Tells the runner to show `***` wherever `secret` would appear. */
export function setSecret(secret: string): void {
  if (secret) issueCommand('add-mask', secret)
}

export function info(message: string): void {
  process.stdout.write(`${message}${EOL}`)
}

export function debug(message: string): void {
  issueCommand('debug', message)
}

export function warning(message: string): void {
  issueCommand('warning', message)
}

/** Fails the step with an error annotation. */
export function setFailed(message: string): void {
  process.exitCode = 1
  issueCommand('error', message)
}

/**
 * Sets an output through `GITHUB_OUTPUT` as `name<<delimiter` blocks, so
 * that any value, multi-line or not, arrives whole.
 */
export function setOutput(name: string, value: string): void {
  const delimiter = `ghadelimiter_${randomUUID()}`
  if (name.includes(delimiter) || value.includes(delimiter)) {
    throw new Error(`The output ${name} cannot be written safely`)
  }
  appendToFile(
    'GITHUB_OUTPUT',
    `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`
  )
}

/** Appends Markdown or HTML to the job summary, when the runner has one. */
export function appendSummary(text: string): void {
  if (process.env.GITHUB_STEP_SUMMARY) {
    appendToFile('GITHUB_STEP_SUMMARY', text)
  }
}

function appendToFile(variable: string, text: string): void {
  const path = process.env[variable]
  if (!path) {
    throw new Error(
      `${variable} is not set: run this action as a step of a GitHub Actions job`
    )
  }
  if (!existsSync(path)) {
    throw new Error(`${variable} names a file that does not exist: ${path}`)
  }
  appendFileSync(path, text, 'utf8')
}

function issueCommand(command: string, message: string): void {
  process.stdout.write(`::${command}::${escapeData(message)}${EOL}`)
}

/** The escaping the runner undoes in a command's data. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}
