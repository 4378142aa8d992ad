// Finds the subcommand and runs it; prints the overview for --help or no command.
import { reportError } from './cli-errors.ts';
import { type CliCommand, type CliIO, EXIT, PROGRAM } from './cli-io.ts';

export function overview(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    `Run \`${PROGRAM} <command> --help\` for a command's options.`,
    '',
  ].join('\n');
}

export async function runCli(
  commands: readonly CliCommand[],
  argv: string[],
  io: CliIO,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    io.stdout(topic ? topic.usage : overview(commands));
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    return reportError(
      io,
      `Unknown command "${name}". Run \`${PROGRAM} --help\` to see the commands.`,
      EXIT.usage,
    );
  }
  try {
    return await command.run(rest, io);
  } catch {
    // Never a stack trace on the terminal: the person needs one plain line.
    return reportError(io, 'Something unexpected went wrong. Please try again.');
  }
}
