package dev.trackway.api.auth;

import dev.trackway.service.auth.AccessControl;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/** Without {@code --app-name basic-auth} the user and role API does not exist, as in MLflow. */
public class AuthApiSwitch {
  @Inject AccessControl access;

  @ServerRequestFilter
  public void onlyWithAccessControl(SimpleResourceInfo resource) {
    Class<?> c = resource.getResourceClass();
    if ((c == UsersResource.class || c == RolesResource.class) && !access.enabled()) {
      throw new NotFoundException();
    }
  }
}
