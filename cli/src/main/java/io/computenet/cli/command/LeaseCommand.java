package io.computenet.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cnet lease ...}: the caller's tenant's leases. */
@Command(name = "lease", mixinStandardHelpOptions = true,
        subcommands = {LeaseCreateCommand.class, LeaseListCommand.class, LeaseShowCommand.class,
                LeaseUsageCommand.class, LeaseRenewCommand.class, LeaseReleaseCommand.class, LeaseWaitCommand.class})
class LeaseCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), spec.commandLine().getResourceBundle()
                .getString("error.missing-command"));
    }
}
