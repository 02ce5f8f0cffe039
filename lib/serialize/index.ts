/**
 * Serialisation: safetensors files and training checkpoints.
 * @module
 */
export {
  saveFile, loadFile, loadFileWithMetadata, serialize, deserialize, MAX_HEADER_BYTES, DEFAULT_MAX_ENTRIES,
  type Metadata, type Loaded, type LoadOptions,
} from './safetensors.js';
export { save, load, getRngState, setRngState, type Checkpoint, type CheckpointContents, type Stateful } from './checkpoint.js';
