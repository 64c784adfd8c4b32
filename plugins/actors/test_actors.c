#include <criterion/criterion.h>
#include "pipeline.h"

Test(actors, loads)
{
    char err[512];
    pipeline *p = NULL;
    int rc = pipeline_new_from_string(&p, "[daemon]\nplugins = actors\n", err, sizeof err);
    cr_assert_eq(rc, 0, "%s", err);
    pipeline_release(&p);
}
