export { runCli, VERSION } from './main.js';
export { formatInfoText, type InfoReport } from './commands/info.js';
