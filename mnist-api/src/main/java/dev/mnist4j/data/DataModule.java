package dev.mnist4j.data;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * A data set ready for training and testing (the idea of Lightning's DataModule): it is prepared
 * once — found, checked, read — then serves its train and test splits. It owns the normalisation,
 * so training and prediction cannot disagree about it.
 *
 * <p>Get one by name with {@link dev.mnist4j.DataModules#open}; {@code mnist} is built in and a jar can add
 * others through {@link dev.mnist4j.spi.DataModuleProvider}.
 */
@API(status = STABLE)
public interface DataModule {

    /** Its name, e.g. {@code mnist}. */
    String name();

    /** Finds, verifies and reads the data; called implicitly by the splits, cheap once done. */
    void prepare();

    /** The training split, prepared if needed. */
    DataSet train();

    /** The test split, prepared if needed. */
    DataSet test();

    Normalization normalization();

    /** Where the data came from, for people and for saved metadata (a directory, "embedded", a URL). */
    String source();
}
