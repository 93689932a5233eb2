package io.netsweep.cli;

import io.netsweep.store.StoreLocation;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --db}: a file, or a {@code postgresql://} / {@code postgres://} URL. A malformed URL is refused in a message
 * that does not repeat it (it may hold a password). Stateless.
 */
final class StoreLocationConverter implements ITypeConverter<StoreLocation> {
    @Override
    public StoreLocation convert(String value) {
        try {
            return StoreLocation.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
