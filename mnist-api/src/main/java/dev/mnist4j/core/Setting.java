package dev.mnist4j.core;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * A setting an error can point at as its remedy, in the library's terms. A front end maps each to
 * its own spelling (the command line: {@code --device}, {@code --seed}, …).
 */
@API(status = STABLE)
public enum Setting {
    DEVICE,
    SEED,
    BATCH_SIZE,
    EPOCHS,
    OPTIMIZER,
    DATA_DIRECTORY,
    DOWNLOAD,
    VALIDATION
}
