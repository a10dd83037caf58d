/** UsageError lives in the error module at the bottom of the layers (../errors); re-exported here for the modules not yet moved to it. */
export { UsageError } from '../errors/index.js';
