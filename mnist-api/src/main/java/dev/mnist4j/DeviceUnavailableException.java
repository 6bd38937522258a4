package dev.mnist4j;

/** A device was asked for that the chosen backend cannot use here. */
public class DeviceUnavailableException extends Mnist4jException {
    public DeviceUnavailableException(String message) {
        super(message);
    }
}
