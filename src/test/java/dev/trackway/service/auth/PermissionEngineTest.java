package dev.trackway.service.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** MLflow 3.18's grant resolution ({@code requirements.py}), without a database. */
class PermissionEngineTest {
  static Grants grants(Permission def, Grant... rows) {
    return new Grants(List.of(rows), def);
  }

  static Grant g(String type, String pattern, String permission) {
    return new Grant(type, pattern, permission);
  }

  @Test
  void silentResourcesGetTheDefault() {
    Grants none = grants(Permission.NO_PERMISSIONS);
    assertNull(none.fold("experiment", "1"));
    assertEquals(Permission.NO_PERMISSIONS, none.point("experiment", "1"));
    assertEquals(Permission.READ, grants(Permission.READ).point("experiment", "1"));
  }

  @Test
  void defaultIsAFloorForPositiveGrantsOnly() {
    Grants edit =
        grants(Permission.EDIT, g("experiment", "1", "READ"), g("experiment", "2", "DENY"));
    assertEquals(Permission.EDIT, edit.point("experiment", "1"));
    assertEquals(Permission.DENY, edit.point("experiment", "2"));
  }

  @Test
  void denyWinsElseTheHighest() {
    Grants gs =
        grants(
            Permission.NO_PERMISSIONS,
            g("experiment", "1", "EDIT"),
            g("experiment", "*", "READ"),
            g("experiment", "3", "MANAGE"),
            g("experiment", "3", "DENY"));
    assertEquals(Permission.EDIT, gs.point("experiment", "1"));
    assertEquals(Permission.READ, gs.point("experiment", "2"));
    assertEquals(Permission.DENY, gs.point("experiment", "3"));
    Grants wildDeny =
        grants(Permission.READ, g("experiment", "1", "EDIT"), g("experiment", "*", "DENY"));
    assertEquals(Permission.DENY, wildDeny.point("experiment", "1"));
  }

  @Test
  void canonicalExperimentIds() {
    Grants gs = grants(Permission.NO_PERMISSIONS, g("experiment", "1", "READ"));
    assertEquals(Permission.READ, gs.point("experiment", "01"));
  }

  @Test
  void workspaceManageIsEverythingAndUseIsNothingForPointChecks() {
    Grants admin =
        grants(
            Permission.NO_PERMISSIONS, g("workspace", "*", "MANAGE"), g("experiment", "1", "DENY"));
    assertEquals(Permission.MANAGE, admin.point("experiment", "1"));
    Grants use = grants(Permission.NO_PERMISSIONS, g("workspace", "*", "USE"));
    assertEquals(Permission.NO_PERMISSIONS, use.point("experiment", "1"));
    // but listings honour it (MLflow's documented inconsistency)
    assertTrue(use.listRead("experiment", "1"));
  }

  @Test
  void tierGrantsOverrideTheExperiment() {
    Requirement updateRun = Requirement.tier("run", Action.UPDATE, "7");
    // no tier grant: the experiment decides
    assertTrue(
        grants(Permission.NO_PERMISSIONS, g("experiment", "7", "EDIT")).satisfied(updateRun));
    assertFalse(
        grants(Permission.NO_PERMISSIONS, g("experiment", "7", "READ")).satisfied(updateRun));
    // a run-tier READ vetoes updates even with MANAGE on the experiment
    assertFalse(
        grants(Permission.NO_PERMISSIONS, g("experiment", "7", "MANAGE"), g("run", "*", "READ"))
            .satisfied(updateRun));
    // a run-tier EDIT confers updates with READ on the experiment
    assertTrue(
        grants(Permission.NO_PERMISSIONS, g("experiment", "7", "READ"), g("run", "*", "EDIT"))
            .satisfied(updateRun));
    Grants runDeny = grants(Permission.READ, g("run", "*", "DENY"));
    assertTrue(runDeny.tierDenied("run"));
    assertFalse(runDeny.satisfied(Requirement.tier("run", Action.READ, "7")));
  }

  @Test
  void capabilities() {
    assertTrue(Permission.READ.canRead() && !Permission.READ.canUpdate());
    assertTrue(Permission.EDIT.canUpdate() && !Permission.EDIT.canDelete());
    assertTrue(Permission.MANAGE.canManage());
    assertFalse(Permission.DENY.canRead());
    assertFalse(Permission.NO_PERMISSIONS.canRead());
    assertEquals(Permission.EDIT, Permission.max(Permission.READ, Permission.EDIT));
  }

  @Test
  void searchScopes() {
    Grants onlyNamed =
        grants(
            Permission.NO_PERMISSIONS, g("experiment", "1", "READ"), g("experiment", "2", "DENY"));
    var scope = onlyNamed.experimentSearchScope();
    assertFalse(scope.isAll());
    assertEquals(java.util.Set.of("1"), java.util.Set.copyOf(scope.ids()));
    Grants readAll = grants(Permission.READ, g("experiment", "2", "DENY"));
    var allBut = readAll.experimentSearchScope();
    assertFalse(allBut.isAll());
    assertEquals(java.util.Set.of("2"), java.util.Set.copyOf(allBut.ids()));
    assertTrue(grants(Permission.READ).experimentSearchScope().isAll());
  }
}
