/**
 * The public lease and quote API, declared once: the request and view records the portal accepts and answers with
 * and forwards, typed, to the scheduler, which answers with the same records. Framework-free (Jackson reads them as
 * plain records; their Bean Validation annotations are the one set of field rules, checked by whichever service
 * reads them from a caller). Conventions: every enum is answered in upper case ({@code EAST}, {@code NVIDIA},
 * {@code INFERENCE}; the services accept either case on input), and memory is in GiB, named {@code ...GiB}
 * ({@link io.computenet.contracts.api.Memory}).
 */
package io.computenet.contracts.api;
