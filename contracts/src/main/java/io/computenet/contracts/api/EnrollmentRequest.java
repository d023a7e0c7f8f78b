package io.computenet.contracts.api;

import io.computenet.contracts.inventory.DeviceInfo;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import java.util.List;

/**
 * A node agent's enrolment exchange ({@code POST /api/v1/enrollments}, forwarded by the portal to the scheduler): its
 * one-time token, the node name it asks for (optional), its hostname and the devices it has. Declared once, so the
 * portal refuses a malformed exchange itself and the scheduler reads the same record.
 */
public record EnrollmentRequest(@NotBlank String token, String nodeName, String hostname,
                                @NotEmpty List<@NotNull DeviceInfo> devices) {
}
