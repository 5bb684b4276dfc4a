/**
 * `spotify-ads token`: mints an access token and prints it alone, for
 * `curl -H "Authorization: Bearer $(spotify-ads token)"`.
 */
import type { ActionInputs } from '../inputs.js'
import {
  ACCOUNTS_OPTIONS,
  COMMON_OPTIONS,
  parseCommand,
  type Env
} from './args.js'
import type { CommandContext } from './command.js'
import {
  createTransport,
  ENGINE_OPTIONS,
  parseEngineInputs,
  refreshingTokens
} from './engine.js'
import { UsageError } from './errors.js'

const TOKEN_OPTIONS = {
  ...COMMON_OPTIONS,
  ...ACCOUNTS_OPTIONS,
  ...ENGINE_OPTIONS
} as const

export interface TokenOptions {
  inputs: ActionInputs
  verbose: boolean
}

export function tokenOptions(args: string[], env: Env): TokenOptions {
  const { values, positionals } = parseCommand(args, TOKEN_OPTIONS)
  if (positionals.length > 0) {
    throw new UsageError(`unexpected argument '${positionals[0]}'`)
  }
  return {
    inputs: parseEngineInputs(values, env),
    verbose: values.verbose === true
  }
}

export async function runToken(
  options: TokenOptions,
  { terminal, log }: CommandContext
): Promise<number> {
  const transport = createTransport(options.inputs, log)
  try {
    const tokens = refreshingTokens(transport, options.inputs, log)
    const token = await tokens.mint()
    // The one secret this command prints: the one it was asked for.
    terminal.stdout.write(`${token.accessToken}\n`)
    return 0
  } finally {
    transport.close()
  }
}
