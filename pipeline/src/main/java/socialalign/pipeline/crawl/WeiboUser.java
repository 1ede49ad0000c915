package socialalign.pipeline.crawl;

/**
 * A Weibo user profile with the keys of the reference's {@code user} object (spec A3): the profile
 * container (100505) plus the details container (230283 ..._-_INFO). Strings are {@code ""} when unknown.
 */
public record WeiboUser(
        String id, String screenName, String gender, String birthday, String location,
        String education, String company, String registrationTime, String sunshine,
        long statusesCount, long followersCount, long followCount, String description,
        String profileUrl, String profileImageUrl, String avatarHd, long urank, long mbrank,
        boolean verified, long verifiedType, String verifiedReason) {

    /** This profile with the details of the 230283 container. */
    public WeiboUser withDetails(String birthday, String location, String education, String company,
                                 String registrationTime, String sunshine) {
        return new WeiboUser(id, screenName, gender, birthday, location, education, company,
                registrationTime, sunshine, statusesCount, followersCount, followCount, description,
                profileUrl, profileImageUrl, avatarHd, urank, mbrank, verified, verifiedType, verifiedReason);
    }
}
