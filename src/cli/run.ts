/**
 * The command line: picks the command, parses its options, runs it, and
 * turns what it threw into a message and an exit code.
 */
import { InputError, messageOf } from '../errors.js'
import { wantsHelp } from './args.js'
import { authorizeOptions, runAuthorize } from './authorize.js'
import type { CommandContext } from './command.js'
import { CREDENTIAL_VARIABLES } from './engine.js'
import { UsageError } from './errors.js'
import { AUTHORIZE_HELP, MAIN_HELP, REQUEST_HELP, TOKEN_HELP } from './help.js'
import { TerminalLog } from './log.js'
import { requestOptions, runRequest } from './request.js'
import type { Terminal } from './terminal.js'
import { runToken, tokenOptions } from './token.js'

export const EXIT_SUCCESS = 0
export const EXIT_FAILURE = 1
export const EXIT_USAGE = 2

const HELP: Record<string, string> = {
  authorize: AUTHORIZE_HELP,
  token: TOKEN_HELP,
  request: REQUEST_HELP
}

/**
 * Runs one command line and resolves to its exit code; never rejects.
 * Every secret in the environment is masked before anything is parsed.
 */
export async function runCli(
  args: string[],
  terminal: Terminal
): Promise<number> {
  const log = new TerminalLog(terminal.stderr, {
    status: terminal.stderr.isTTY,
    debug: false
  })
  for (const name of [
    CREDENTIAL_VARIABLES['client-secret'],
    CREDENTIAL_VARIABLES['refresh-token']
  ]) {
    const value = terminal.env[name]
    if (value) log.mask(value.trim())
  }

  const [command, ...rest] = args
  try {
    return await dispatch(command, rest, { terminal, log })
  } catch (error) {
    return fail(error, command, log)
  }
}

async function dispatch(
  command: string | undefined,
  args: string[],
  context: CommandContext
): Promise<number> {
  const { terminal } = context
  if (command === undefined) {
    context.log.say(MAIN_HELP)
    return EXIT_USAGE
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    return printHelp(terminal, args[0])
  }
  if (HELP[command] && wantsHelp(args)) return printHelp(terminal, command)

  switch (command) {
    case 'authorize': {
      const options = authorizeOptions(args, terminal.env)
      return runAuthorize(options, withLevel(context, options.verbose))
    }
    case 'token': {
      const options = tokenOptions(args, terminal.env)
      return runToken(options, withLevel(context, options.verbose))
    }
    case 'request': {
      const options = requestOptions(args, terminal.env)
      return runRequest(options, withLevel(context, options.verbose))
    }
  }
  throw new UsageError(
    `unknown command '${command}'; the commands are authorize, token and request`
  )
}

function printHelp(terminal: Terminal, command: string | undefined): number {
  const text = command === undefined ? MAIN_HELP : HELP[command]
  if (text === undefined) {
    throw new UsageError(
      `no help for '${command}'; the commands are authorize, token and request`
    )
  }
  terminal.stdout.write(text)
  return EXIT_SUCCESS
}

/** `--verbose` shows progress and request details, terminal or not. */
function withLevel(context: CommandContext, verbose: boolean): CommandContext {
  if (verbose) {
    context.log.level.status = true
    context.log.level.debug = true
  }
  return context
}

function fail(
  error: unknown,
  command: string | undefined,
  log: TerminalLog
): number {
  log.error(messageOf(error))
  const usage = error instanceof UsageError || error instanceof InputError
  if (!usage) return EXIT_FAILURE

  const topic = command && HELP[command] ? ` ${command}` : ''
  log.say(`Run 'spotify-ads${topic} --help' for usage.`)
  return EXIT_USAGE
}
