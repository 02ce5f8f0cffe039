/**
 * Serialisation: safetensors files and training checkpoints.
 * @module
 */
export { saveFile, loadFile, loadFileWithMetadata, serialize, deserialize, type Metadata, type Loaded } from './safetensors.js';
export { save, load, getRngState, setRngState, type Checkpoint, type CheckpointContents, type Stateful } from './checkpoint.js';
