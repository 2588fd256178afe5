import { Command, CommanderError } from 'commander';
import { runConvert } from './commands/convert.js';
import { runInfo } from './commands/info.js';
import { runProcessCli } from './commands/process.js';
import { EXIT, reportError } from './exit-codes.js';

export const VERSION = '0.1.0';

function buildProgram(setCode: (code: number) => void): Command {
  const program = new Command('medlens')
    .description('Medlens: medical image analysis (DICOM, NIfTI, NRRD)')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError();

  program
    .command('info')
    .description('list the studies → series → instances found under the paths')
    .argument('<paths...>', 'DICOM files or folders (searched recursively)')
    .option('--json', 'print the DESIGN.md JSON document')
    .option('--pixel-hash', 'decode every frame and print the SHA-256 of its stored values')
    .action(async (paths: string[], opts: { json?: boolean; pixelHash?: boolean }) => {
      setCode(await runInfo(paths, opts));
    });

  program
    .command('process')
    .description('run a kernel or a pipeline of kernels on a volume (see `medlens process --help`)');

  program
    .command('convert')
    .description('convert a DICOM file/folder, NIfTI or NRRD to .nii, .nii.gz or .nrrd')
    .argument('<in>', 'input file or folder')
    .argument('<out>', 'output file (.nii, .nii.gz, .nrrd)')
    .option('--series <uid>', 'SeriesInstanceUID to convert when the input holds several')
    .option('--datatype <type>', 'auto | float32 | int16 (auto keeps int16 when lossless)', 'auto')
    .option('--json', 'print a JSON summary')
    .action(async (input: string, output: string, opts: { series?: string; datatype?: string; json?: boolean }) => {
      if (!['auto', 'float32', 'int16'].includes(opts.datatype ?? 'auto')) {
        throw new CommanderError(EXIT.USAGE, 'medlens.datatype', `--datatype must be auto, float32 or int16, got ${opts.datatype}`);
      }
      setCode(await runConvert(input, output, { ...opts, datatype: opts.datatype as 'auto' | 'float32' | 'int16' }));
    });
  return program;
}

/** Runs the CLI with the given arguments (without node and script) and returns the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'process') {
    try {
      return await runProcessCli(argv.slice(1));
    } catch (e) {
      return reportError(e);
    }
  }
  let code: number = EXIT.OK;
  const program = buildProgram((c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.OK;
      if (e.code === 'medlens.datatype') process.stderr.write(`medlens: ${e.message}\n`);
      return EXIT.USAGE;
    }
    return reportError(e);
  }
}
