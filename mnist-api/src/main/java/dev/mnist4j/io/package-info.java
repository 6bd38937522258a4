/** Files on disk: safetensors model state with metadata, written atomically. */
package dev.mnist4j.io;
